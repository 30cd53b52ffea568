// Records the next run of a journey that an older release began, as this release plays it:
// `npx tsx scripts/record-upgraded-run.ts v0.5.0-nurture v0.6.0`. The old fixture ends in
// continue-as-new; the state it handed on is started on this code, runs ten days (follow-up
// tasks, an opened mail), and is moved to won, which ends the run. Every journey that is running
// when a release ships starts its next run this way, carrying a state an older release wrote, so
// the replay test keeps that history too (`lead-journey-<version>-after-<old>.json`).
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { startTimeSkippingServer } from '../src/temporal/time-skipping.js';
import { recorderWorker } from './recorder-worker.js';
import type { LeadJourneyInput } from '../workflows/journey-input.js';
import { leadEventSignal } from '../workflows/messages.js';

const DAY = 86_400_000;
const [from, version] = process.argv.slice(2);
if (!from || !version) throw new Error('usage: npx tsx scripts/record-upgraded-run.ts <old fixture, e.g. v0.5.0-nurture> <this version>');
const dir = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');
const old = historyFromJSON(JSON.parse(await readFile(join(dir, `lead-journey-${from}.json`), 'utf8')));
const handedOn = old.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
if (!handedOn?.input?.payloads?.[0]) throw new Error(`lead-journey-${from}.json does not end in continue-as-new`);
const input = defaultPayloadConverter.fromPayload<LeadJourneyInput>(handedOn.input.payloads[0]);

const env = await startTimeSkippingServer(process.env);
const { worker, taskQueue } = await recorderWorker(env);
await worker.runUntil(async () => {
  // The old run's clock was skipped ahead while it was recorded: the new run starts when the old
  // one handed on, or its state's times would lie in the future and a stage change look stale.
  const at = old.events!.at(-1)!.eventTime!;
  const handedOnAt = Number(at.seconds) * 1000 + Math.floor((at.nanos ?? 0) / 1e6);
  const now = await env.currentTimeMs();
  if (handedOnAt > now) await env.sleep(handedOnAt - now);
  // The old run's options stand (no search attributes: the time-skipping server has none); the
  // journey then plays this release's defaults, local sends and snapshots included.
  const handle = await env.client.workflow.start('leadJourney', { workflowId: `lead:${input.lead.id}`, taskQueue, args: [input] });
  await env.sleep(5 * DAY);
  await handle.signal(leadEventSignal, { id: randomUUID(), type: 'email.opened' });
  await env.sleep(5 * DAY);
  await handle.signal(leadEventSignal, { id: randomUUID(), type: 'stage.changed', stage: 'won' });
  await env.sleep(DAY);
  const history = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
  const out = join(dir, `lead-journey-${version}-after-${from}.json`);
  await writeFile(out, historyToJSON(history));
  console.log(`recorded ${history.events?.length} events into ${out}`);
  await handle.terminate('recorded');
});
await env.teardown();
