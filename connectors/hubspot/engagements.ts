import type { NoteInput, TaskInput } from '../connector.js';
import { CrmRecordError } from '../errors.js';

/**
 * HubSpot-defined association type ids, from the object being created to a deal. Confirmed in the
 * official SDK's `AssociationTypesEnum` (`HubSpot/hubspot-api-nodejs` src/utils): taskToDeal = 216,
 * noteToDeal = 214.
 */
export const TASK_TO_DEAL = 216;
export const NOTE_TO_DEAL = 214;

export interface HubspotAssociation {
  to: { id: string };
  types: { associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number }[];
}

export interface HubspotCreateBody {
  properties: Record<string, string>;
  associations: HubspotAssociation[];
}

function toDeal(dealId: string, associationTypeId: number): HubspotAssociation[] {
  return [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] }];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** HubSpot renders task and note bodies as rich text: plain text is escaped and its lines kept. */
function richText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/**
 * `POST /crm/v3/objects/tasks`, associated with the deal. HubSpot has no idempotency key for
 * creates, so a retry after a lost answer makes a second task: the caller keeps the returned id.
 */
export function taskBody(dealId: string, task: TaskInput): HubspotCreateBody {
  const due = Date.parse(task.dueAt);
  if (Number.isNaN(due)) throw new CrmRecordError(`task ${task.key}: dueAt is not a date: ${task.dueAt}`, 'INVALID_DUE_AT');
  // HubSpot owners are numeric ids; anything else (an e-mail) cannot be assigned without a
  // lookup, so it is kept in the body rather than dropped.
  const ownerId = task.owner && /^\d+$/.test(task.owner) ? task.owner : undefined;
  const notes = [task.notes, task.owner && !ownerId ? `Owner: ${task.owner}` : undefined].filter(Boolean).join('\n\n');
  return {
    properties: {
      hs_task_subject: task.title,
      ...(notes ? { hs_task_body: richText(notes) } : {}),
      hs_timestamp: new Date(due).toISOString(),
      hs_task_status: 'NOT_STARTED',
      ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
    },
    associations: toDeal(dealId, TASK_TO_DEAL),
  };
}

/** `POST /crm/v3/objects/notes`, associated with the deal; HubSpot notes have no title, so it leads the body. */
export function noteBody(dealId: string, note: NoteInput, nowMs: number): HubspotCreateBody {
  return {
    properties: {
      hs_note_body: `<p><strong>${escapeHtml(note.title)}</strong></p><p>${richText(note.content)}</p>`,
      hs_timestamp: new Date(nowMs).toISOString(),
    },
    associations: toDeal(dealId, NOTE_TO_DEAL),
  };
}
