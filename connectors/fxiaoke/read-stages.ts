import type { CrmRecordRef, CrmRecordState } from '../connector.js';
import { dataPath, type FxiaokeClient } from './api-client.js';
import type { FxiaokeConfig } from './config.js';
import { queryAnswerSchema } from './poll-changes.js';

/**
 * Each record's stage option value now and its `last_modified_time` (Fxiaoke keeps no time per
 * field). One `data/query` by `_id` per record: `EQ` is the filter operator we could confirm, so
 * records are read one at a time, paced by the connection's limiter like every other call.
 */
export async function readStages(client: FxiaokeClient, config: FxiaokeConfig, records: CrmRecordRef[]): Promise<CrmRecordState[]> {
  const states: CrmRecordState[] = [];
  for (const record of records) {
    const object = record.module ?? config.object;
    const answer = await client.call(
      dataPath(object, 'query'),
      {
        data: {
          dataObjectApiName: object,
          search_query_info: { limit: 1, offset: 0, filters: [{ field_name: '_id', field_values: [record.id], operator: 'EQ' }], fieldProjection: ['_id', config.stageField, 'last_modified_time'] },
        },
      },
      queryAnswerSchema,
    );
    const row = answer.data.dataList.find((r) => r._id === record.id);
    if (!row) continue;
    const stage = row[config.stageField];
    states.push({ id: row._id, crmStage: typeof stage === 'string' && stage !== '' ? stage : undefined, modifiedAt: new Date(row.last_modified_time).toISOString() });
  }
  return states;
}
