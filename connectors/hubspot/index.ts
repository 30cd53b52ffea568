import { z } from 'zod';
import type { Connector, CrmRecordRef, InboundRequest } from '../connector.js';
import { CrmRecordError } from '../errors.js';
import { stageMap, type StageMap, type StageMapConfig } from '../shared/stage-map.js';
import { hubspotClient, unexpected } from './client.js';
import type { HubspotConfig } from './config.js';
import { HUBSPOT_DEFAULT_STAGES } from './default-stages.js';
import { noteBody, taskBody } from './engagements.js';
import { parseHubspotEvents } from './events.js';
import { pipelinesReport, pipelinesResponseSchema } from './pipelines.js';
import { readDealStages } from './read-stages.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, uriToVerify, verifyHubspotV3 } from './signature.js';

export { hubspotConfigFromEnv, hubspotConfigSchema, type HubspotConfig } from './config.js';
export { HUBSPOT_DEFAULT_STAGES } from './default-stages.js';

/** A CRM object as the v3 API returns it after a write. */
const objectSchema = z.looseObject({ id: z.string(), updatedAt: z.string().optional() });

function parseObject(json: unknown, what: string) {
  const parsed = objectSchema.safeParse(json);
  if (!parsed.success) throw unexpected(what, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The deal id of a record; the connector writes stages, tasks and notes on deals only. */
function dealId(record: CrmRecordRef): string {
  if (record.connector !== 'hubspot') throw new CrmRecordError(`not a HubSpot record: ${record.connector}`, 'WRONG_CONNECTOR');
  const module = record.module ?? 'deals';
  if (module !== 'deals') throw new CrmRecordError(`HubSpot connector handles deals, not ${module}`, 'UNSUPPORTED_MODULE');
  return record.id;
}

/**
 * HubSpot deals: private-app token auth, v3 CRM objects, v3 webhook signatures. `now` is the clock
 * used for signature timestamps and note times (tests pass a fixed one).
 */
export function hubspotConnector(config: HubspotConfig, opts: { stages?: Partial<StageMapConfig>; now?: () => number } = {}): Connector & { stages: StageMap } {
  const now = opts.now ?? Date.now;
  const stages = stageMap(HUBSPOT_DEFAULT_STAGES, opts.stages);
  const api = hubspotClient(config);

  const connector: Connector = {
    name: 'hubspot',
    defaultModule: 'deals',

    verify(req: InboundRequest) {
      return verifyHubspotV3(
        config.clientSecret,
        {
          method: req.method,
          uri: uriToVerify(req.url, config.webhookUrl),
          body: req.body,
          signature: req.headers.get(SIGNATURE_HEADER),
          timestamp: req.headers.get(TIMESTAMP_HEADER),
        },
        now(),
      );
    },

    async parse(req: InboundRequest) {
      return parseHubspotEvents(req.body);
    },

    // HubSpot has no conditional write (no If-Unmodified-Since, no version check on PATCH), so
    // `unmodifiedSince` cannot be honoured here: the caller reads the deal's stage and its
    // history (readStages) just before writing, and gives up on a newer change. HubSpot also has
    // no echo switch: the write comes back as a webhook and the journey's write-ledger recognises
    // it by value and time. No `idempotencyKey` is needed: setting the same stage twice leaves
    // the deal as once.
    async pushStage(record, crmStage) {
      const what = `HubSpot PATCH deal ${record.id}`;
      const json = await api.call('PATCH', `/crm/v3/objects/deals/${encodeURIComponent(dealId(record))}`, what, {
        // The pipeline goes with the stage: a stage id is only valid inside its pipeline.
        properties: { dealstage: crmStage, pipeline: config.pipeline },
      });
      return { modifiedAt: parseObject(json, what).updatedAt };
    },

    readStages: (records) => readDealStages(api, records.map(dealId)),

    async createTask(record, task) {
      const what = `HubSpot create task for deal ${record.id}`;
      const json = await api.call('POST', '/crm/v3/objects/tasks', what, taskBody(dealId(record), task));
      return { id: parseObject(json, what).id };
    },

    async createNote(record, note) {
      const what = `HubSpot create note for deal ${record.id}`;
      const json = await api.call('POST', '/crm/v3/objects/notes', what, noteBody(dealId(record), note, now()));
      return { id: parseObject(json, what).id };
    },

    async check() {
      const what = 'HubSpot GET deal pipelines';
      const parsed = pipelinesResponseSchema.safeParse(await api.call('GET', '/crm/v3/pipelines/deals', what));
      if (!parsed.success) throw unexpected(what, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return pipelinesReport(parsed.data.results, config.pipeline, stages);
    },
  };
  return Object.assign(connector, { stages });
}
