import type { Connector, CrmRecordRef } from '../connector.js';
import { CrmError } from '../errors.js';
import { stageMap, type StageMap, type StageMapConfig } from '../shared/stage-map.js';
import { checkConnection, type ZohoCheck } from './check.js';
import { zohoClient } from './client.js';
import { zohoConfigSchema, type ZohoConfigInput } from './config.js';
import { ZOHO_DEFAULT_STAGES } from './default-stages.js';
import { notificationChanges, verifyNotification } from './inbound.js';
import { pollDeals } from './poll.js';
import { dealStates } from './read-deals.js';
import { stageFieldIds, watchChannel, type WatchChannel, type WatchResult } from './watch.js';
import { createNote, createTask, pushStage } from './writes.js';

export { zohoConfigFromEnv, zohoConfigSchema, type ZohoConfig, type ZohoConfigInput } from './config.js';
export { ZOHO_DEFAULT_STAGES } from './default-stages.js';
export { NOTIFY_SECRET_PARAM } from './inbound.js';
export { MAX_CHANNEL_MS, type WatchChannel, type WatchResult } from './watch.js';
export type { ZohoCheck } from './check.js';

export interface ZohoConnectorOptions {
  /** The connection's own stage values, over ZOHO_DEFAULT_STAGES value by value. */
  stages?: Partial<StageMapConfig>;
  /** The clock of token lifetimes and channel expiries (tests move it). */
  now?: () => number;
}

/** The Connector, plus the Notification API channel upkeep only Zoho needs. */
export interface ZohoConnector extends Connector {
  /** Subscribes to Stage changes (`POST /actions/watch`); returns the expiry Zoho granted. */
  watch(channel: WatchChannel): Promise<WatchResult>;
  /** Renews a channel before it lapses (`PUT /actions/watch`, same body); Zoho never renews on its own. */
  renewWatch(channel: WatchChannel): Promise<WatchResult>;
  check(): Promise<ZohoCheck>;
  readonly stages: StageMap;
  /** How many token refreshes ran (Zoho allows 10 per 10 minutes per refresh token). */
  tokenRefreshes(): number;
}

/**
 * Zoho CRM: OAuth refresh with a single-flight token cache and the token's own data centre,
 * Deals' Stage written with automations off, Notification API callbacks read back into changes,
 * and a keyset poll for when callbacks are not available.
 */
export function zohoConnector(input: ZohoConfigInput, opts: ZohoConnectorOptions = {}): ZohoConnector {
  const config = zohoConfigSchema.parse(input);
  const now = opts.now ?? Date.now;
  const client = zohoClient(config, { now });
  const { call } = client;
  const stages = stageMap(ZOHO_DEFAULT_STAGES, opts.stages);
  const moduleOf = (record: CrmRecordRef) => {
    if (record.connector !== 'zoho') throw new CrmError(`the Zoho connector got a ${record.connector} record`, false);
    return record.module ?? config.module;
  };
  // Module and field ids never change for an org: read once, and again only if the read failed.
  let ids: ReturnType<typeof stageFieldIds> | undefined;
  const readIds = () => {
    if (ids) return ids;
    const reading = stageFieldIds(call, config.module);
    reading.catch(() => {
      if (ids === reading) ids = undefined;
    });
    return (ids = reading);
  };
  const watchContext = { call, module: config.module, token: config.webhookToken, secret: config.webhookSecret, now, ids: readIds };

  return {
    name: 'zoho',
    defaultModule: config.module, // 'Deals' unless ZOHO_MODULE says otherwise
    stages,
    verify: (req) => verifyNotification(req, { token: config.webhookToken, secret: config.webhookSecret }),
    parse: (req) => notificationChanges(call, config.module, req),
    pushStage: async (record, crmStage, o) => pushStage(call, moduleOf(record), record.id, crmStage, o?.unmodifiedSince),
    readStages: async (records) => {
      // One read per module (leads link Deals unless ZOHO_MODULE says otherwise), 100 ids a call.
      const modules = new Map<string, string[]>();
      for (const r of records) modules.set(moduleOf(r), [...(modules.get(moduleOf(r)) ?? []), r.id]);
      return (await Promise.all([...modules].map(([module, ids]) => dealStates(call, module, ids)))).flat();
    },
    createTask: async (record, task) => createTask(call, moduleOf(record), record.id, task),
    createNote: async (record, note) => createNote(call, moduleOf(record), record.id, note),
    poll: (cursor, limit) => pollDeals(call, config.module, cursor, limit),
    watch: (channel) => watchChannel(watchContext, channel, 'POST'),
    renewWatch: (channel) => watchChannel(watchContext, channel, 'PUT'),
    check: async () => checkConnection(call, config.module, await client.apiDomain(), stages),
    tokenRefreshes: client.tokenRefreshes,
  };
}
