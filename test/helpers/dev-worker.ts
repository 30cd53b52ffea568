import { inject } from 'vitest';
import { lazyClient } from '../../src/temporal/client.js';
import { funnel, template, writeJourneys } from './journey-files.js';
import { startSmtpSink } from './smtp-sink.js';
import { createTestWorker, devServerConnection } from './temporal.js';

/** A one-send nurture that then waits a month: a journey that stays running for a test's length. */
export const WAITING_JOURNEYS = { 'funnel.yaml': funnel(), 'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: 30d\n', 'templates/hello/en.html': template('Hello') };

/**
 * A worker with the real activities on the shared dev server, its own task queue, an SMTP sink,
 * and a client: the set-up of tests that talk to journeys directly, without HTTP.
 */
export async function startDevWorker(files: Record<string, string> = WAITING_JOURNEYS) {
  const dir = await writeJourneys(files);
  const [connection, sink] = await Promise.all([devServerConnection(), startSmtpSink()]);
  const tw = await createTestWorker(connection, { journeysDir: dir, smtpUrl: sink.url });
  const running = tw.worker.run();
  return {
    taskQueue: tw.taskQueue,
    sink,
    client: lazyClient({ address: inject('devServerAddress'), namespace: 'default' }),
    async close() {
      tw.worker.shutdown();
      await running;
      tw.mailer.close();
      await connection.close();
      await sink.close();
    },
  };
}

export type DevWorker = Awaited<ReturnType<typeof startDevWorker>>;
