import { z } from 'zod';
import type { CrmRecordRef, NoteInput, TaskInput } from '../connector.js';
import { dataPath, type FxiaokeClient } from './api-client.js';
import type { FxiaokeConfig } from './config.js';

const updatedSchema = z.looseObject({});
const createdSchema = z.looseObject({ dataId: z.string().min(1) });

/** 跟进记录 / 销售记录: the follow-up record Fxiaoke shows on the opportunity's timeline. */
export const FOLLOW_UP_OBJECT = 'ActiveRecordObj';

/**
 * Both switches default to true in Fxiaoke. Off, our writes start no workflow or approval
 * (notifications, field updates, custom functions) that could post the change back to us.
 */
const NO_FLOWS = { triggerWorkFlow: false, triggerApprovalFlow: false } as const;

/**
 * Writes the stage option value (never its label) with `data/update`. `dataObjectApiName` and
 * `_id` go inside `data.object_data`, not in `data.data` as some community snippets have it.
 *
 * There is no conditional update in Fxiaoke (nothing like Zoho's If-Unmodified-Since), so
 * `unmodifiedSince` cannot be honoured and is ignored: the caller reads the record's
 * `last_modified_time` (readStages) just before writing and gives up on a newer change. Nor does
 * it take an idempotency key; writing the same value twice is harmless. The answer carries no
 * modified time, hence `{}`: the caller reads it back.
 */
export async function pushStage(client: FxiaokeClient, config: FxiaokeConfig, record: CrmRecordRef, crmStage: string): Promise<{ modifiedAt?: string }> {
  const object = record.module ?? config.object;
  await client.call(
    dataPath(object, 'update'),
    { ...NO_FLOWS, data: { object_data: { dataObjectApiName: object, _id: record.id, [config.stageField]: crmStage } } },
    updatedSchema,
  );
  return {};
}

/** Creates an ActiveRecordObj linked to the record through `related_object_data`; returns its id. */
async function createFollowUp(client: FxiaokeClient, config: FxiaokeConfig, record: CrmRecordRef, content: string): Promise<{ id: string }> {
  const created = await client.call(
    dataPath(FOLLOW_UP_OBJECT, 'create'),
    {
      ...NO_FLOWS,
      data: {
        object_data: {
          dataObjectApiName: FOLLOW_UP_OBJECT,
          active_record_content: content,
          related_object_data: [{ describe_api_name: record.module ?? config.object, id: record.id }],
        },
      },
    },
    createdSchema,
  );
  return { id: created.dataId };
}

/**
 * Fxiaoke has no task API that we could confirm (ScheduleObj, 日程, is the nearest and its
 * required fields vary per tenant), so a task becomes a follow-up record that says what is due.
 * Fxiaoke takes no idempotency key on create: a retried call after a lost answer makes a second record.
 */
export function createTask(client: FxiaokeClient, config: FxiaokeConfig, record: CrmRecordRef, task: TaskInput): Promise<{ id: string }> {
  const lines = [task.title, task.notes, `(due ${task.dueAt}${task.owner ? `, owner ${task.owner}` : ''})`].filter((l): l is string => !!l);
  return createFollowUp(client, config, record, lines.join('\n'));
}

/** A note is a follow-up record too: title, then content. */
export function createNote(client: FxiaokeClient, config: FxiaokeConfig, record: CrmRecordRef, note: NoteInput): Promise<{ id: string }> {
  return createFollowUp(client, config, record, `${note.title}\n${note.content}`);
}
