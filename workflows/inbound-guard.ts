import * as wf from '@temporalio/workflow';
import { z } from 'zod';
import type { LeadEvent } from '../src/domain/events.js';
import { journeyValidators } from '../src/domain/journey-validators.js';
import type { Lead } from '../src/domain/lead.js';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import type { JourneyRun } from './journey-run.js';

/**
 * Marks runs that check every signal before applying it. Before it, a signal the journey could
 * not apply failed the workflow task on every retry; replays of such histories keep doing so.
 */
import { INBOUND_VALIDATION_PATCH } from './patches.js';
import { failureMessage } from './failure-message.js';

const MAX_MESSAGE = 400;

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message.replace(/^Invalid input: /, '')}`).join('; ');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** How an unusable event is named in the lead's errors: its id and type when they are printable. */
function eventLabel(raw: unknown): string {
  const field = (name: string) => {
    const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? clip(value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'), 80) : undefined;
  };
  const id = field('id');
  const type = field('type');
  return `event${id ? ` ${id}` : ''}${type ? ` (${type})` : ''}`;
}

/**
 * Applies a signal only once it has the shape the journey expects, and records anything else as
 * an error on the lead. An exception while applying is recorded too: whatever reaches a journey,
 * it never fails a workflow task on data, so one bad webhook cannot stop a journey of years.
 */
function guard<T>(run: JourneyRun, check: (raw: unknown) => { ok: true; value: T } | { ok: false; message: string }, apply: (value: T) => void) {
  return (raw: unknown): void => {
    const checked = check(raw);
    if (!checked.ok && run.patched(INBOUND_VALIDATION_PATCH)) {
      run.fail(clip(checked.message, MAX_MESSAGE), JOURNEY_ERROR_KINDS.rejectedInput);
      return;
    }
    try {
      apply(checked.ok ? checked.value : (raw as T));
    } catch (err) {
      if (!run.patched(INBOUND_VALIDATION_PATCH)) throw err;
      run.fail(clip(`${eventLabel(raw)} could not be applied: ${failureMessage(err)}`, MAX_MESSAGE), JOURNEY_ERROR_KINDS.rejectedInput);
    }
  };
}

/** The handler of `leadEvent`: events are checked against the same schema as at the HTTP edge. */
export function guardedEventHandler(run: JourneyRun, apply: (event: LeadEvent) => void) {
  return guard(
    run,
    (raw) => {
      const parsed = z.safeParse(journeyValidators().event, raw);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `${eventLabel(raw)} not applied: ${problems(parsed.error)}` };
    },
    apply,
  );
}

/** The handler of `upsertLead`: a lead of the right shape, and this journey's lead, never another's. */
export function guardedLeadHandler(run: JourneyRun, apply: (lead: Lead) => void) {
  return guard(
    run,
    (raw) => {
      const parsed = z.safeParse(journeyValidators().lead, raw);
      if (!parsed.success) return { ok: false, message: `lead update not applied: ${problems(parsed.error)}` };
      if (parsed.data.id !== run.state.lead.id) return { ok: false, message: `lead update not applied: id: ${JSON.stringify(clip(parsed.data.id, 80))} is not the lead of this journey (${run.state.lead.id})` };
      return { ok: true, value: parsed.data as Lead };
    },
    apply,
  );
}
