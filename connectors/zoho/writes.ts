import type { NoteInput, TaskInput } from '../connector.js';
import { CrmRecordError } from '../errors.js';
import type { HttpResponse } from '../shared/http.js';
import { unexpected, type ZohoCall } from './client.js';
import { apiErrorSchema, writeResponseSchema, type WriteResult } from './responses.js';
import { parseDateTime, toUtcIso, toZohoDateTime } from './zoho-time.js';

/**
 * The one record's result. Zoho answers writes record by record inside `data[]` (HTTP 200, 201,
 * 202, 207, or 400 when all failed), so the status line alone says nothing.
 */
export function writeResult(res: HttpResponse, what: string): WriteResult {
  const body = writeResponseSchema.safeParse(res.json);
  if (body.success) {
    const result = body.data.data[0]!;
    if (result.status === 'success') return result;
    throw new CrmRecordError(`${what}: ${result.code}${result.message ? `: ${result.message}` : ''}`, result.code, result.details);
  }
  const refused = apiErrorSchema.safeParse(res.json);
  if (res.status >= 400 && refused.success) {
    throw new CrmRecordError(`${what}: ${refused.data.code}${refused.data.message ? `: ${refused.data.message}` : ''}`, refused.data.code, refused.data.details);
  }
  throw unexpected(res, what);
}

function createdId(result: WriteResult, what: string): string {
  const id = result.details?.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new CrmRecordError(`${what}: Zoho answered success without an id`, 'NO_ID', result.details);
  return String(id);
}

/**
 * Sets `Stage` with every automation off: `trigger: []` keeps workflows, approvals and
 * blueprints from running (and from writing back, which would echo), and Cadences are skipped.
 * `If-Unmodified-Since` makes Zoho refuse with 412 ALREADY_MODIFIED if someone changed the deal since.
 */
export async function pushStage(call: ZohoCall, module: string, id: string, stage: string, unmodifiedSince?: string): Promise<{ modifiedAt?: string }> {
  const what = `Zoho ${module} ${id}: set Stage to "${stage}"`;
  const headers = unmodifiedSince ? { 'if-unmodified-since': toZohoDateTime(parseDateTime(unmodifiedSince, 'unmodifiedSince')) } : undefined;
  const res = await call('PUT', `/${encodeURIComponent(module)}`, {
    body: { data: [{ id, Stage: stage }], trigger: [], skip_feature_execution: [{ name: 'cadences' }] },
    headers,
  });
  const modified = writeResult(res, what).details?.Modified_Time;
  // UTC, like every `occurredAt` the connector reports, so leadflow compares like with like.
  return { modifiedAt: typeof modified === 'string' ? toUtcIso(modified) : undefined };
}

/** The calendar date the caller wrote: `2025-01-31T09:00:00+05:30` is due on the 31st wherever Zoho is. */
function dueDate(dueAt: string): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(dueAt)?.[0];
  if (!date) throw new CrmRecordError(`task due date is not ISO 8601: ${dueAt}`, 'INVALID_DATA');
  return date;
}

/** A Task linked to the deal (`What_Id` + `$se_module`), with automations off like every write. */
export async function createTask(call: ZohoCall, module: string, id: string, task: TaskInput): Promise<{ id: string }> {
  const what = `Zoho ${module} ${id}: create task "${task.title}"`;
  const record: Record<string, unknown> = {
    Subject: task.title,
    Due_Date: dueDate(task.dueAt),
    Status: 'Not Started',
    What_Id: { id },
    $se_module: module,
    Description: task.notes,
  };
  // Zoho assigns by user id; anything else (an e-mail) would be refused, so it is left to Zoho's default owner.
  if (task.owner && /^\d+$/.test(task.owner)) record.Owner = { id: task.owner };
  const res = await call('POST', '/Tasks', { body: { data: [record], trigger: [] } });
  return { id: createdId(writeResult(res, what), what) };
}

/** A Note on the deal (`Parent_Id` with the module's api_name, the v3+ shape). */
export async function createNote(call: ZohoCall, module: string, id: string, note: NoteInput): Promise<{ id: string }> {
  const what = `Zoho ${module} ${id}: create note "${note.title}"`;
  const res = await call('POST', '/Notes', {
    body: { data: [{ Note_Title: note.title, Note_Content: note.content, Parent_Id: { module: { api_name: module }, id } }] },
  });
  return { id: createdId(writeResult(res, what), what) };
}
