import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/** Sends and CRM-bound writes retry with backoff for as long as it takes; keys make retries safe. */
export const effects = proxyActivities<Pick<Activities, 'sendEmail' | 'createTask'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes', nonRetryableErrorTypes: ['TemplateError'] },
});

/** Reading journey files and local-time maths: quick, and a broken file fails at once. */
export const lookups = proxyActivities<Pick<Activities, 'snapshotFunnel' | 'snapshotSequence' | 'nextSendTime' | 'resolveWaitUntil'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['JourneyError'] },
});
