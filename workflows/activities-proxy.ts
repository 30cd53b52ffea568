import type { ActivityOptions, Duration } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const RETRY_FOREVER = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes', nonRetryableErrorTypes: ['TemplateError', 'SmtpRejected'] };

/** Tasks, CRM-bound writes and survey records retry with backoff for as long as it takes; keys make retries safe. */
export const effects = proxyActivities<Pick<Activities, 'createTask' | 'recordSurveySent' | 'recordSurveyAnswer'>>({ startToCloseTimeout: '2 minutes', retry: RETRY_FOREVER });

/**
 * The send as a full activity (journeys before LOCAL_SEND_PATCH, and on the time-skipping server):
 * it heartbeats while SMTP works, so a worker that dies mid-send is noticed within the heartbeat
 * timeout and another worker retries; the ledger stops the retry from sending twice.
 */
export function mailEffects(heartbeatTimeout: Duration = '30 seconds') {
  return proxyActivities<Pick<Activities, 'sendEmail'>>({ startToCloseTimeout: '5 minutes', heartbeatTimeout, retry: RETRY_FOREVER });
}

/**
 * Local activities whose next try is further off than this wait for it on a timer in history; a
 * nearer one is retried inside the workflow task, which the SDK keeps alive with a task heartbeat
 * (three events) every few seconds. Ten seconds: an outage costs a few events a minute.
 */
const LOCAL_RETRY_THRESHOLD = '10 seconds';

/**
 * The send as a local activity (LOCAL_SEND_PATCH): it runs inside the workflow task that asked for
 * it, so a mail costs one marker and no task round trip. A worker that dies mid-send is noticed when
 * that task times out, and the retry on another worker meets the ledger, as with the full activity.
 * Backoffs past LOCAL_RETRY_THRESHOLD become timers in history, so an SMTP server away for hours
 * costs a few events per try, not a task held open.
 */
export const localMail = proxyLocalActivities<Pick<Activities, 'sendEmail'>>({ startToCloseTimeout: '5 minutes', localRetryThreshold: LOCAL_RETRY_THRESHOLD, retry: RETRY_FOREVER });

type Lookups = Pick<Activities, 'snapshotFunnel' | 'snapshotSequence' | 'nextSendTime' | 'resolveWaitUntil' | 'snapshotSurvey'>;
const LOOKUP_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['JourneyError'] },
};

/**
 * Reading journey files and local-time maths: quick, and a broken file fails at once. Snapshots
 * are full activities for journeys without CHEAPER_START_PATCH (recorded before it, on the first
 * baseline, or with `localActivities: false`); the schedule lookups always are.
 */
export const lookups = proxyActivities<Lookups>(LOOKUP_OPTIONS);

/**
 * The snapshots of a stage entry as local activities (CHEAPER_START_PATCH): one marker each, no
 * task round trip. They retry like the full ones, for as long as the store is away, on timers past
 * LOCAL_RETRY_THRESHOLD.
 */
export const localSnapshots = proxyLocalActivities<Pick<Activities, 'snapshotStart' | 'snapshotSequence'>>({ ...LOOKUP_OPTIONS, localRetryThreshold: LOCAL_RETRY_THRESHOLD });

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
