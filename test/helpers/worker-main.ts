// A leadflow worker in its own process, for tests that kill it: run with `node --import tsx`.
// Configured by TEMPORAL_ADDRESS, TASK_QUEUE, SMTP_URL, JOURNEYS_DIR, WORKFLOW_BUNDLE, and
// DATABASE_URL or DATA_DIR (PGlite).
import { NativeConnection, Worker } from '@temporalio/worker';
import { linkTokens } from '../../src/links/tokens.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { openDb } from '../../src/store/open-store.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET } from './temporal.js';

const env = process.env as Record<string, string>;
const need = (name: string) => env[name] ?? (() => { throw new Error(`${name} is required`); })();
quietTemporal();
const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
const worker = await Worker.create({
  connection,
  taskQueue: need('TASK_QUEUE'),
  workflowBundle: { codePath: need('WORKFLOW_BUNDLE') },
  activities: buildActivities({ journeysDir: need('JOURNEYS_DIR'), db, mailer: smtpMailer(need('SMTP_URL')), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens: linkTokens(TEST_SECRET), tracking: false }),
});
process.once('SIGTERM', () => worker.shutdown());
console.log('worker ready');
await worker.run();
await db.close();
