import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { OwnerDigestInput } from './team-messages.js';
import { failureMessage } from './failure-message.js';

const DAY_MS = 86_400_000;
const DIGESTS_PER_RUN = 30;

// Planning is a lookup with calendar maths: a local activity (one marker, no task round trip).
const { planOwnerDigest } = wf.proxyLocalActivities<Pick<Activities, 'planOwnerDigest'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: ['JourneyError'] },
});
const { sendOwnerDigest } = wf.proxyActivities<Pick<Activities, 'sendOwnerDigest'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

/**
 * One owner's daily digest, for as long as they are in team.yaml: at their digest time on each of
 * their working days (their own zone and calendar, make-up days included, holidays skipped), once
 * per date. The date of the last digest lives in the workflow and in the send's key, so no
 * restart, retry or second start sends one twice. Plans are made again at least daily, so an
 * edited team.yaml or a new holiday file is seen.
 */
export async function ownerDigest(input: OwnerDigestInput): Promise<void> {
  let { lastDate, lastSentAt } = input;
  for (let sent = 0; sent < DIGESTS_PER_RUN && !wf.workflowInfo().continueAsNewSuggested; ) {
    let plan;
    try {
      plan = await planOwnerDigest({ owner: input.owner, after: new Date(Date.now()).toISOString(), lastDate });
    } catch (err) {
      // A broken team.yaml: try again in an hour rather than lose the owner's digests.
      wf.log.warn('digest not planned', { owner: input.owner, error: failureMessage(err) });
      await wf.sleep('1 hour');
      continue;
    }
    if (!plan) return;
    const wait = Date.parse(plan.at) - Date.now();
    if (wait > DAY_MS) {
      await wf.sleep(DAY_MS);
      continue;
    }
    if (wait > 0) await wf.sleep(wait);
    await sendOwnerDigest({ owner: input.owner, date: plan.date, at: new Date(Date.now()).toISOString(), since: lastSentAt === undefined ? undefined : new Date(lastSentAt).toISOString() });
    lastDate = plan.date;
    lastSentAt = Date.now();
    sent += 1;
  }
  await wf.continueAsNew<typeof ownerDigest>({ owner: input.owner, lastDate, lastSentAt });
}
