import type { ActivityOptions, Duration } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const RETRY_FOREVER = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes', nonRetryableErrorTypes: ['TemplateError', 'SmtpRejected'] };

/** Tasks, CRM-bound writes and survey records retry with backoff for as long as it takes; keys make retries safe. */
export const effects = proxyActivities<Pick<Activities, 'createTask' | 'recordSurveySent' | 'recordSurveyAnswer'>>({ startToCloseTimeout: '2 minutes', retry: RETRY_FOREVER });

/**
 * The send heartbeats while SMTP works, so a worker that dies mid-send is noticed within the
 * heartbeat timeout and another worker retries; the ledger stops the retry from sending twice.
 */
export function mailEffects(heartbeatTimeout: Duration = '30 seconds') {
  return proxyActivities<Pick<Activities, 'sendEmail'>>({ startToCloseTimeout: '5 minutes', heartbeatTimeout, retry: RETRY_FOREVER });
}

type Lookups = Pick<Activities, 'snapshotFunnel' | 'snapshotSequence' | 'nextSendTime' | 'resolveWaitUntil' | 'snapshotSurvey'>;
const LOOKUP_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['JourneyError'] },
};

/**
 * Reading journey files and local-time maths: quick, and a broken file fails at once. Full
 * activities, not local ones: on the time-skipping test server a local activity in flight lets
 * the clock jump past its workflow task's timeout, and the task is failed and retried for ever
 * (tried for issue 11; the journey tests hung). The saving is made elsewhere (patches.ts, send-time.ts).
 */
export const lookups = proxyActivities<Lookups>(LOOKUP_OPTIONS);

/**
 * Planning the next care occasion reads care.yaml and does calendar maths: quick, so a local
 * activity (one marker in history, no task round trip). A broken care.yaml fails at once and the
 * care loop says so on the lead.
 */
export const localLookups = proxyLocalActivities<Pick<Activities, 'planCare'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: ['JourneyError'] },
});

/**
 * Writing facts to the event log: one quick insert, so a local activity. A store that is away
 * fails the batch after a few tries; the journey keeps the facts and tries again.
 */
export const insightLog = proxyLocalActivities<Pick<Activities, 'recordFacts'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
