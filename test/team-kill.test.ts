import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { teamQueueWorkflowId } from '../workflows/team-messages.js';
import { leadEventSignal } from '../workflows/messages.js';
import { startWecomFake } from './fakes/chat/wecom-fake.js';
import { eventually } from './helpers/eventually.js';
import { writeJourneys } from './helpers/journey-files.js';
import { testLead } from './helpers/leads.js';
import { startSmtpSink } from './helpers/smtp-sink.js';

describe('exactly one chat message through a worker killed mid-send (dev server, worker processes)', () => {
  it('the robot holds the request, the worker dies, another worker takes over: the robot shows the alert once', async () => {
    const robot = `kill-${randomBytes(4).toString('hex')}`;
    const [fake, sink] = await Promise.all([startWecomFake(['kill-key']), startSmtpSink()]);
    fake.control.stall = 1;
    const journeysDir = await writeJourneys({
      'funnel.yaml': 'stages:\n  negotiating: {}\n',
      'team.yaml': `destinations:\n  ${robot}: { service: wecom, key: KILL_WECOM_KEY }\nowners:\n  min: { name: Min, wecom: { userid: min }, notify: [${robot}], quietHours: false, digest: false }\n`,
    });
    const taskQueue = `team-kill-${randomUUID()}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'leadflow-team-kill-'));
    const spawnWorker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'test/helpers/worker-main.ts')], {
        env: { ...process.env, TEMPORAL_ADDRESS: inject('devServerAddress'), TASK_QUEUE: taskQueue, SMTP_URL: sink.url, JOURNEYS_DIR: journeysDir, WORKFLOW_BUNDLE: inject('workflowBundlePath'), DATA_DIR: dataDir, TEAM_ENV: JSON.stringify({ KILL_WECOM_KEY: fake.address('kill-key') }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return { child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
    };
    const client = new Client({ connection: await Connection.connect({ address: inject('devServerAddress') }) });
    const lead = testLead({ owner: 'min', stage: 'negotiating' });
    const first = spawnWorker();
    let second: ReturnType<typeof spawnWorker> | undefined;
    const journey = await client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options: { searchAttributes: false } }] });
    try {
      await journey.signal(leadEventSignal, { id: `reply-${lead.id}`, type: 'email.replied' });
      await eventually(() => fake.control.stalled, 60_000);
      first.child.kill('SIGKILL');
      await first.exited;
      second = spawnWorker();
      const queue = client.workflow.getHandle(teamQueueWorkflowId(robot));
      // Read the outcome from the server's history: a query would wait for the dead worker's sticky queue.
      const attempts = await eventually(async () => {
        const { events } = await queue.fetchHistory();
        const completed = events!.filter((e) => e.activityTaskCompletedEventAttributes);
        const started = events!.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
        return completed.length ? started : undefined;
      }, 90_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(Math.max(...attempts)).toBeGreaterThan(1);
      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]!.notified).toEqual(['min']);
    } finally {
      await journey.terminate('test over').catch(() => undefined);
      await client.workflow.getHandle(teamQueueWorkflowId(robot)).terminate('test over').catch(() => undefined);
      second?.child.kill('SIGKILL');
      first.child.kill('SIGKILL');
      await Promise.all([first.exited, second?.exited]);
      await Promise.all([fake.close(), sink.close(), client.connection.close()]);
    }
  });
});
