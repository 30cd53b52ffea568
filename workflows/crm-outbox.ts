import * as wf from '@temporalio/workflow';
import { JOURNEY_ERROR_KINDS } from './error-kinds.js';
import type { Activities } from '../activities/index.js';
import { formatDuration } from '../src/domain/duration.js';
import { CRM_LONG_WAIT_MS, crmFailureOf, nextAttemptDelay } from './crm-retry.js';
import type { JourneyRun } from './journey-run.js';

/** A task or note for the lead's linked CRM records, kept in the journey's state until it is written. */
export interface CrmOutboxEntry {
  key: string;
  kind: 'task' | 'note';
  title: string;
  content?: string;
  dueAt?: string;
  since: number;
  attempts: number;
  nextAttemptAt?: number;
  lastError?: string;
  reported?: boolean;
}

/** At most this many tasks and notes wait: a journey's state stays bounded even in a long outage. */
const OUTBOX_LIMIT = 100;
/** After a day of trying, a task or note is given up, and the lead's errors say so. */
const GIVE_UP_AFTER_MS = 86_400_000;

// One attempt per activity, so that the outbox can stop between attempts when the stage changes.
const { writeToCrms } = wf.proxyActivities<Pick<Activities, 'writeToCrms'>>({ startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 1 } });

/** Queues a task or note: it outlives the stage's loops (a stage change does not lose it) and the run. */
export function enqueueCrmWrite(run: JourneyRun, input: Pick<CrmOutboxEntry, 'key' | 'kind' | 'title' | 'content' | 'dueAt'>): void {
  const outbox = (run.state.crmOutbox ??= []);
  if (outbox.some((e) => e.key === input.key)) return;
  if (outbox.length >= OUTBOX_LIMIT) {
    const oldest = outbox.shift()!;
    run.fail(`${oldest.kind} "${oldest.title}" not written to the CRM: over ${OUTBOX_LIMIT} tasks and notes were waiting, so the oldest is dropped (last answer: ${oldest.lastError ?? 'none yet'})`, JOURNEY_ERROR_KINDS.crmWrite);
  }
  outbox.push({ ...input, since: run.now(), attempts: 0 });
}

/**
 * Writes the queued tasks and notes to every linked record, one at a time, for the whole run:
 * the ledger in the store makes each land once per record, whatever the retries. A failure
 * waits with the bounded backoff of stage writes; the loop stops at its next safe point once the
 * stage changed or the run winds down, and the next run carries on with what is left.
 */
export async function flushCrmOutbox(run: JourneyRun): Promise<void> {
  const { state } = run;
  const stop = () => run.stageDirty || run.windDown;
  const queued = () => state.crmOutbox?.length ?? 0;
  for (;;) {
    await wf.condition(() => stop() || queued() > 0);
    if (stop()) return;
    const entry = [...state.crmOutbox!].sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0))[0]!;
    const wait = (entry.nextAttemptAt ?? 0) - run.now();
    if (wait > 0) {
      const size = queued();
      await wf.condition(() => stop() || queued() !== size, wait);
      continue;
    }
    await writeOne(run, entry);
  }
}

async function writeOne(run: JourneyRun, entry: CrmOutboxEntry): Promise<void> {
  const { state } = run;
  const done = () => (state.crmOutbox = (state.crmOutbox ?? []).filter((e) => e !== entry));
  const records = state.lead.crm ?? [];
  if (!records.length) return void done();
  entry.attempts += 1;
  try {
    const result = await writeToCrms({ key: entry.key, kind: entry.kind, title: entry.title, content: entry.content, dueAt: entry.dueAt, records, owner: state.lead.owner });
    for (const skipped of result.skipped) run.note(entry.key, `${entry.kind} not written: ${skipped}`);
    done();
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    const failure = crmFailureOf(err);
    const waited = run.now() - entry.since;
    if (waited >= GIVE_UP_AFTER_MS) {
      done();
      return run.fail(`${entry.kind} "${entry.title}" not written to the CRM after ${entry.attempts} attempts in ${formatDuration(waited)}; given up: ${failure.message}`, JOURNEY_ERROR_KINDS.crmWrite);
    }
    Object.assign(entry, { lastError: failure.message, nextAttemptAt: run.now() + nextAttemptDelay(entry, run.now(), failure.retryAfterMs) });
    if (!entry.reported && waited >= CRM_LONG_WAIT_MS) {
      entry.reported = true;
      run.fail(`${entry.kind} "${entry.title}" not written to the CRM yet after ${entry.attempts} attempts; still trying (last answer: ${failure.message})`, JOURNEY_ERROR_KINDS.crmWrite);
    }
  }
}
