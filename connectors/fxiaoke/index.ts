import type { Connector } from '../connector.js';
import { stageMap, type StageMap, type StageMapConfig } from '../shared/stage-map.js';
import { fxiaokeClient } from './api-client.js';
import type { FxiaokeConfig } from './config.js';
import { FXIAOKE_DEFAULT_STAGES } from './default-stages.js';
import { describeObject } from './describe-object.js';
import { parsePush, verifyPush } from './inbound-push.js';
import { pollChanges } from './poll-changes.js';
import { readStages } from './read-stages.js';
import { createNote, createTask, pushStage } from './record-writes.js';

export { fxiaokeConfigFromEnv, fxiaokeConfigSchema, type FxiaokeConfig, type FxiaokeConfigInput } from './config.js';
export { nextShanghaiMidnight } from './error-codes.js';
export { pushPayloadSchema, pushEventSchema, type PushPayload, type PushEvent } from './inbound-push.js';
export { FXIAOKE_DEFAULT_STAGES } from './default-stages.js';

/** The Fxiaoke connector as the rest of leadflow sees it, plus its stage map and a token counter. */
export type FxiaokeConnector = Connector & { stages: StageMap; tokenRefreshes(): number };

/**
 * Fxiaoke (纷享销客 / ShareCRM) over the legacy Open API (body `corpAccessToken`): stage
 * pushes with Fxiaoke's workflow and approval triggers off, follow-up records for tasks and
 * notes, keyset polling of `last_modified_time` as the inbound baseline, and a tenant-configured
 * push signed the Standard Webhooks way as the fast path. `now` moves token expiry, quota
 * reset and signature tolerance in tests.
 */
export function fxiaokeConnector(config: FxiaokeConfig, opts: { stages?: Partial<StageMapConfig>; now?: () => number } = {}): FxiaokeConnector {
  const now = opts.now ?? Date.now;
  const stages = stageMap(FXIAOKE_DEFAULT_STAGES, opts.stages);
  const client = fxiaokeClient(config, { now });
  return {
    name: 'fxiaoke',
    defaultModule: config.object,
    stages,
    tokenRefreshes: client.tokenRefreshes,
    verify: (req) => verifyPush(config, req, now()),
    parse: async (req) => parsePush(config, req),
    pushStage: (record, crmStage) => pushStage(client, config, record, crmStage),
    readStages: (records) => readStages(client, config, records),
    createTask: (record, task) => createTask(client, config, record, task),
    createNote: (record, note) => createNote(client, config, record, note),
    poll: (cursor, limit) => pollChanges(client, config, cursor, limit),
    check: () => describeObject(client, config, stages),
  };
}
