import type { LeadEvent } from '../src/domain/events.js';
import { leadflowWriteSeen } from '../src/domain/crm-writes.js';
import { writesTo } from './crm-state.js';
import type { JourneyRun } from './journey-run.js';

/** Echoes are expected within a day; older writes leave the ledger. */
const ECHO_WINDOW_MS = 86_400_000;
const ECHO_CLOCK_SKEW_MS = 5 * 60_000;

/** A stage change (or an unmapped value) that a CRM reports about one of its records. */
export function isCrmRecordEvent(event: LeadEvent): boolean {
  return (event.type === 'stage.changed' || event.type === 'crm.unmapped_stage') && !!event.source && typeof event.data?.record === 'string';
}

/**
 * Filters what a CRM says about a linked record before it counts as a stage change (true: ignore
 * it), and keeps the record's latest known change for the writes that follow:
 * - the echo of one of leadflow's writes is ignored: the same value, at the time that write
 *   landed (or, for the latest write when its landing is unknown, any time after it was sent);
 *   a person setting a value leadflow wrote long ago is a real change;
 * - a change whose stage value is the one already known is another field being edited.
 */
export function filterCrmEvent(run: JourneyRun, event: LeadEvent): boolean {
  const { state } = run;
  const source = event.source!;
  const record = event.data!.record as string;
  const key = `${source}:${record}`;
  const crmStage = typeof event.data?.crmStage === 'string' ? event.data.crmStage : undefined;
  const now = run.now();
  state.crmWrites = (state.crmWrites ?? []).filter((w) => now - w.at < ECHO_WINDOW_MS);
  const seen = (state.crmSeen ??= {})[key];
  const newer = !seen?.at || !event.occurredAt || Date.parse(event.occurredAt) >= Date.parse(seen.at);
  const at = event.occurredAt ?? seen?.at;

  const stage = event.type === 'stage.changed' ? event.stage : undefined;
  const echo = leadflowWriteSeen(writesTo(state, source, record), { crmStage, stage, at: event.occurredAt ? Date.parse(event.occurredAt) : undefined });
  if (echo) {
    if (newer) state.crmSeen[key] = { at, crmStage: crmStage ?? echo.crmStage, stage: echo.stage, ours: true };
    run.note(event.id, `echo of leadflow's own write to ${source} record ${record}`);
    return true;
  }
  const known = seen?.crmStage !== undefined && crmStage === seen.crmStage;
  if (newer) state.crmSeen[key] = known ? { ...seen, at } : { at, crmStage, stage, ours: false };
  if (known) {
    run.note(event.id, `${source} record ${record} changed, but not its stage`);
    return true;
  }
  return false;
}

/**
 * The filter of journeys from before CRM_ECHO_PATCH, kept as it was so that their histories
 * replay: it matched an echo on any value written within a day.
 */
export function filterCrmEventV0(run: JourneyRun, event: LeadEvent): boolean {
  const record = event.data?.record as string;
  const { state } = run;
  const key = `${event.source}:${record}`;
  const crmStage = typeof event.data?.crmStage === 'string' ? event.data.crmStage : undefined;
  const seen = (state.crmSeen ??= {})[key];
  const newer = !seen?.at || !event.occurredAt || event.occurredAt >= seen.at;
  state.crmSeen[key] = { at: newer ? (event.occurredAt ?? seen?.at) : seen?.at, crmStage: newer ? crmStage : seen?.crmStage };
  const now = run.now();
  const writes = (state.crmWrites ??= []).filter((w) => now - w.at < ECHO_WINDOW_MS);
  state.crmWrites = writes;
  // By the CRM's own value once the write told us, else by funnel stage (an echo may beat the reply).
  const echo = writes.findIndex(
    (w) => w.connector === event.source && w.recordId === record && (w.crmStage ? w.crmStage === crmStage : w.stage === event.stage) && (!event.occurredAt || Date.parse(event.occurredAt) >= w.at - ECHO_CLOCK_SKEW_MS),
  );
  if (echo >= 0) {
    writes.splice(echo, 1);
    run.note(event.id, `echo of leadflow's own write to ${event.source} record ${record}`);
    return true;
  }
  if (seen?.crmStage !== undefined && crmStage === seen.crmStage) {
    run.note(event.id, `${event.source} record ${record} changed, but not its stage`);
    return true;
  }
  return false;
}
