// A leadflow worker in its own process, for tests that kill it: run with `node --import tsx`.
// Configured by TEMPORAL_ADDRESS, TASK_QUEUE, SMTP_URL, JOURNEYS_DIR, WORKFLOW_BUNDLE, and
// DATABASE_URL or DATA_DIR (PGlite); TEAM_ENV (JSON: the team's secrets) turns team delivery on.
import { NativeConnection, Worker } from '@temporalio/worker';
import { linkTokens } from '../../src/links/tokens.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { openDb } from '../../src/store/open-store.js';
import { lazyClient } from '../../src/temporal/client.js';
import { MAIL_FROM, quietTemporal, TEST_PUBLIC_URL, TEST_SECRET } from './temporal.js';

const env = process.env as Record<string, string>;
const need = (name: string) => env[name] ?? (() => { throw new Error(`${name} is required`); })();
quietTemporal();
const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
const team = env.TEAM_ENV
  ? { env: JSON.parse(env.TEAM_ENV) as Record<string, string>, temporal: { client: lazyClient({ address: need('TEMPORAL_ADDRESS'), namespace: 'default' }), taskQueue: need('TASK_QUEUE') }, team: { heartbeatTimeout: '3 seconds' } }
  : {};
const worker = await Worker.create({
  connection,
  taskQueue: need('TASK_QUEUE'),
  workflowBundle: { codePath: need('WORKFLOW_BUNDLE') },
  activities: buildActivities({ journeysDir: need('JOURNEYS_DIR'), db, mailer: smtpMailer(need('SMTP_URL')), mailFrom: MAIL_FROM, publicUrl: TEST_PUBLIC_URL, tokens: linkTokens(TEST_SECRET), tracking: false, ...team }),
});
process.once('SIGTERM', () => worker.shutdown());
console.log('worker ready');
await worker.run();
await db.close();
