import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localSendResult } from '../src/insight/rebuild.js';
import { mailStore } from '../src/store/mail-store.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import type { JourneyOptions } from '../workflows/journey-run.js';
import { journeyQuery } from '../workflows/messages.js';
import { testLead } from './helpers/leads.js';
import { mailJourneys } from './helpers/mail-journeys.js';
import { startSmtpSink, type SinkFault } from './helpers/smtp-sink.js';
import { createTestWorker, devServerConnection, testDb } from './helpers/temporal.js';
import { eventually } from './helpers/eventually.js';


describe('exactly one e-mail per step, through SMTP faults and worker crashes', () => {
  let connection: NativeConnection;
  let client: Client;
  let journeysDir: string;
  beforeAll(async () => {
    connection = await devServerConnection();
    client = new Client({ connection: await Connection.connect({ address: inject('devServerAddress') }) });
    journeysDir = await mailJourneys('1h');
  });
  afterAll(async () => {
    await connection?.close();
    await client?.connection.close();
  });

  const startJourney = async (taskQueue: string, lead = testLead(), options: JourneyOptions = {}) => {
    const handle = await client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options }] });
    return { handle, lead };
  };

  async function withFaultySink(fault: SinkFault) {
    const sink = await startSmtpSink({ fault, times: 1 });
    const tw = await createTestWorker(connection, { journeysDir, smtpUrl: sink.url });
    const running = tw.worker.run();
    const { handle, lead } = await startJourney(tw.taskQueue);
    return {
      sink,
      handle,
      lead,
      async stop() {
        await handle.terminate('test over');
        tw.worker.shutdown();
        await running;
        tw.mailer.close();
        await sink.close();
      },
    };
  }

  it('a connection dropped during DATA is retried, and the sink holds exactly one copy', async () => {
    const t = await withFaultySink('drop-during-data');
    try {
      const view = await eventually(async () => {
        const v = await t.handle.query(journeyQuery);
        return v.emails.length ? v : undefined;
      });
      await new Promise((r) => setTimeout(r, 1000));
      expect(t.sink.messages).toHaveLength(1);
      expect(t.sink.messages[0]!.parsed.messageId).toBe(view.emails[0]!.messageId);
      const row = await mailStore(await testDb()).sendByKey(view.emails[0]!.key);
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await t.stop();
    }
  });

  it('RFC 1047’s gap (message kept, reply lost) can repeat a message, always under the same Message-ID', async () => {
    const t = await withFaultySink('drop-before-reply');
    try {
      await eventually(async () => ((await t.handle.query(journeyQuery)).emails.length ? true : undefined));
      expect(t.sink.messages).toHaveLength(2);
      expect(new Set(t.sink.messages.map((m) => m.parsed.messageId)).size).toBe(1);
    } finally {
      await t.stop();
    }
  });

  // Journeys send as local activities; those on the first baseline, or with localActivities off, still send as full activities.
  it.each<[string, JourneyOptions]>([
    ['a local send', {}],
    ['a full-activity send (heartbeat 3 s)', { localActivities: false, sendHeartbeatTimeout: '3s' }],
  ])('a worker killed in the middle of %s: another worker retries, and the sink holds exactly one copy', async (_, options) => {
    const sink = await startSmtpSink({ fault: 'stall', times: 1 });
    const taskQueue = `kill-${randomUUID()}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'leadflow-kill-'));
    const spawnWorker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'test/helpers/worker-main.ts')], {
        env: { ...process.env, TEMPORAL_ADDRESS: inject('devServerAddress'), TASK_QUEUE: taskQueue, SMTP_URL: sink.url, JOURNEYS_DIR: journeysDir, WORKFLOW_BUNDLE: inject('workflowBundlePath'), DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return { child, exited };
    };
    const first = spawnWorker();
    const { handle } = await startJourney(taskQueue, testLead(), options);
    let second: ReturnType<typeof spawnWorker> | undefined;
    try {
      await eventually(() => sink.control.stalled);
      first.child.kill('SIGKILL');
      await first.exited;
      second = spawnWorker();
      // Read the outcome from the server's history: a query would wait for the dead worker's sticky queue.
      const completed = await eventually(async () => {
        const { events } = await handle.fetchHistory();
        // A local send's completion is a marker with its result; a full one's, its completed event.
        const sends = new Set(events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendEmail').map((e) => String(e.eventId)));
        const done = events!.filter((e) => localSendResult(e)?.outcome === 'sent' || sends.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)));
        return done.length ? done : undefined;
      }, 90_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(completed).toHaveLength(1);
      expect(sink.messages).toHaveLength(1);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
      second?.child.kill('SIGKILL');
      first.child.kill('SIGKILL');
      await Promise.all([first.exited, second?.exited]);
      await sink.close();
    }
  });

  it('a hard bounce at RCPT suppresses the address and ends marketing to it, without retrying', async () => {
    const lead = testLead({ email: `gone-${Date.now()}@example.com` });
    const sink = await startSmtpSink({ unknownRecipients: [lead.email] });
    const tw = await createTestWorker(connection, { journeysDir, smtpUrl: sink.url });
    const running = tw.worker.run();
    const { handle } = await startJourney(tw.taskQueue, lead);
    try {
      const view = await eventually(async () => {
        const v = await handle.query(journeyQuery);
        return v.suppressed ? v : undefined;
      });
      expect(view.suppressed).toBe('bounced');
      expect(view.emails).toHaveLength(0);
      expect(await mailStore(await testDb()).suppression(lead.email)).toBe('bounced');
      expect(sink.messages).toHaveLength(0);
    } finally {
      await handle.terminate('test over');
      tw.worker.shutdown();
      await running;
      tw.mailer.close();
      await sink.close();
    }
  });
});
