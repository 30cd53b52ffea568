// The CRM part of `scripts/record-histories.ts`, also runnable alone (`npx tsx
// scripts/record-crm-history.ts v0.4.0`): a lead linked to a HubSpot deal and a Fxiaoke
// opportunity (the loopback fakes of test/fakes) whose journey pushes stages both ways, ignores
// the echo of its own write, and takes a change from Fxiaoke. Its runs are recorded so that later
// changes to CRM sync in workflows/ must replay them (guard new behaviour with patched()).
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ConfiguredConnector } from '../src/crm/configured.js';
import { linkTokens } from '../src/links/tokens.js';
import { captureMailer } from '../src/mail/capture.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { openDb } from '../src/store/open-store.js';
import { PROJECT_ROOT, serverExecutable } from '../src/temporal/binaries.js';
import { WORKFLOW_SOURCE } from '../src/temporal/workflow-bundle.js';
import { journeyQuery, leadEventSignal } from '../workflows/messages.js';
import { startFxiaokeFake } from '../test/fakes/fxiaoke-fake.js';
import { startHubspotFake } from '../test/fakes/hubspot-fake.js';
import { fakeConnectors } from '../test/helpers/fake-connectors.js';


async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the recorded journey did not get there in 30 s');
}

/** Records the runs of one CRM-linked journey into `out` as lead-journey-<version>-crm-<n>.json. */
export async function recordCrmHistories(out: string, version: string): Promise<void> {
  const [fx, hs] = await Promise.all([startFxiaokeFake(), startHubspotFake()]);
  const connectors = new Map<string, ConfiguredConnector>([
    ['fxiaoke', fakeConnectors.fxiaoke(fx)],
    ['hubspot', fakeConnectors.hubspot(hs)],
  ]);
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: serverExecutable('cli', process.env), ip: '127.0.0.1' } });
  const taskQueue = `record-crm-${randomUUID()}`;
  const db = await openDb({});
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...WORKFLOW_SOURCE,
    activities: buildActivities({ journeysDir: join(PROJECT_ROOT, 'journeys'), db, mailer: captureMailer(), mailFrom: 'leadflow <record@leadflow.local>', publicUrl: 'http://leadflow.invalid', tokens: linkTokens(randomUUID()), connectors }),
  });
  try {
    await worker.runUntil(async () => {
      const fxId = '65f1000000000000000000a1';
      fx.addRecord({ _id: fxId, sales_stage: '2', last_modified_time: Date.now() - 60_000 });
      const deal = hs.addDeal({ dealstage: 'qualifiedtobuy' });
      const lead = { id: 'replay-crm-1', email: 'crm@example.com', name: 'CRM Lead', timezone: 'Asia/Shanghai', locale: 'zh-CN', owner: 'zhang', crm: [{ connector: 'hubspot' as const, id: deal.id }, { connector: 'fxiaoke' as const, id: fxId }] };
      const handle = await env.client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options: { searchAttributes: false } }] });
      const stageIs = (stage: string) => until(async () => ((await handle.query(journeyQuery)).stage === stage ? true : undefined));
      // The API moves the lead: both records are written (run 2).
      await handle.signal(leadEventSignal, { id: 'api-quoted', type: 'stage.changed', stage: 'quoted' });
      await stageIs('quoted');
      await until(async () => (fx.state.records.get(fxId)!.sales_stage === '3' && hs.state.deals.get(deal.id)!.properties.dealstage === 'presentationscheduled' ? true : undefined));
      // HubSpot echoes leadflow's write; then someone moves the opportunity in Fxiaoke (run 3).
      const updatedAt = Date.parse(hs.state.deals.get(deal.id)!.updatedAt);
      await handle.signal(leadEventSignal, { id: 'hubspot:echo', type: 'stage.changed', stage: 'quoted', source: 'hubspot', occurredAt: new Date(updatedAt).toISOString(), data: { record: deal.id, crmStage: 'presentationscheduled' } });
      const changedAt = Date.now() + 1000;
      await handle.signal(leadEventSignal, { id: `fxiaoke:${fxId}:${changedAt}`, type: 'stage.changed', stage: 'negotiating', source: 'fxiaoke', occurredAt: new Date(changedAt).toISOString(), data: { record: fxId, crmStage: '4' } });
      await stageIs('negotiating');
      await until(async () => (hs.state.deals.get(deal.id)!.properties.dealstage === 'decisionmakerboughtin' ? true : undefined));
      await new Promise((r) => setTimeout(r, 1000));

      // Every run but the one still open, oldest first: each ends with continue-as-new.
      let runId: string | undefined = handle.firstExecutionRunId;
      for (let n = 1; runId; n++) {
        const history: Awaited<ReturnType<ReturnType<typeof env.client.workflow.getHandle>['fetchHistory']>> = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        const last = history.events?.at(-1);
        const next: string | null | undefined = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        if (!next) break;
        await writeFile(join(out, `lead-journey-${version}-crm-${n}.json`), historyToJSON(history));
        runId = next;
      }
      await handle.terminate('recorded');
    });
  } finally {
    await db.close();
    await env.teardown();
    await Promise.all([fx.close(), hs.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');
  await recordCrmHistories(out, process.argv[2] ?? 'v0.1.0');
  console.log(`recorded into ${out}`);
}
