// Records workflow histories of this release for the replay test: run it when a release ships
// (`npx tsx scripts/record-histories.ts`), commit the files, and every later change to workflows/
// must replay them without a determinism error (use patched() where behaviour changes).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { leadEventSignal } from '../workflows/messages.js';
import { recordCrmHistories } from './record-crm-history.js';
import { startTimeSkippingServer } from '../src/temporal/time-skipping.js';
import { recorderWorker } from './recorder-worker.js';

const DAY = 86_400_000;
const version = process.argv[2] ?? 'v0.1.0';
const out = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');

const env = await startTimeSkippingServer(process.env);
const { worker, taskQueue } = await recorderWorker(env);
await worker.runUntil(async () => {
  const lead = { id: 'replay-1', email: 'replay@example.com', name: 'Replay Lead', timezone: 'Asia/Shanghai', locale: 'zh-CN', owner: 'zhang' };
  const handle = await env.client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options: { searchAttributes: false } }] });
  const signal = (type: string, extra: object = {}) => handle.signal(leadEventSignal, { id: randomUUID(), type, ...extra });
  await env.sleep(9 * DAY);
  await signal('email.opened');
  await env.sleep(20 * DAY);
  await signal('journey.paused');
  await env.sleep(DAY);
  await signal('journey.resumed');
  await signal('attributes.updated', { attributes: { company: 'Acme' } });
  // The stage change ends this run with continue-as-new; the history of the first run is kept.
  await signal('stage.changed', { stage: 'negotiating' });
  await env.sleep(DAY);
  const history = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
  await mkdir(out, { recursive: true });
  await writeFile(join(out, `lead-journey-${version}-nurture.json`), historyToJSON(history));

  // A customer: the welcome sequence, the survey answered low, and a year of birthday and holiday mail.
  const customer = { id: 'replay-2', email: 'customer@example.com', name: 'Replay Customer', timezone: 'Asia/Shanghai', locale: 'zh-CN', owner: 'zhang', stage: 'won' as const, birthday: { calendar: 'chinese' as const, month: 8, day: 15 } };
  const care = await env.client.workflow.start('leadJourney', { workflowId: `lead:${customer.id}`, taskQueue, args: [{ lead: customer, options: { searchAttributes: false } }] });
  await env.sleep(9 * DAY);
  await care.signal(leadEventSignal, { id: randomUUID(), type: 'survey.answered', data: { score: 4, comment: '上线太慢' } });
  await env.sleep(400 * DAY);
  await writeFile(join(out, `lead-journey-${version}-care.json`), historyToJSON(await care.fetchHistory()));
  await care.terminate('recorded');
});
await env.teardown();
await recordCrmHistories(out, version);
console.log(`recorded into ${out}`);
