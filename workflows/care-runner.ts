import * as wf from '@temporalio/workflow';
import { CARE_GRACE_MS } from '../src/domain/care-schema.js';
import { localLookups } from './activities-proxy.js';
import type { JourneyRun } from './journey-run.js';
import { mailBlocked, sendJourneyMail } from './send-mail.js';
import { iso, LIMITS, pushBounded } from './state.js';

import { CARE_AND_SURVEYS_PATCH } from './patches.js';
import { failureMessage } from './failure-message.js';

const RETRY_BROKEN_CARE = 3_600_000;

/**
 * Birthday and holiday mail, for as long as the lead lives: plans the next occasion (a local
 * activity does the calendar maths), sleeps until its hour on the lead's clock, sends it once
 * (its key is the occasion and its year), and plans the next. A plan lasts for the stage visit it
 * was made in, so a continue-as-new resumes the same timer; a stage change plans afresh.
 */
export async function runCare(run: JourneyRun): Promise<void> {
  if (!run.patched(CARE_AND_SURVEYS_PATCH)) return;
  const { state } = run;
  const care = (state.care ??= { sent: [] });
  while (!run.windDown) {
    if (!care.next || care.next.plannedFor !== state.stageEnteredAt) {
      try {
        const planned = await localLookups.planCare({ lead: state.lead, stage: state.stage, after: iso(run.now()), sent: care.sent });
        care.next = planned ? { ...planned, plannedFor: state.stageEnteredAt } : undefined;
      } catch (err) {
        if (wf.isCancellation(err)) throw err;
        run.fail(`care: ${failureMessage(err)}`);
        if ((await run.waitUntil(run.now() + RETRY_BROKEN_CARE, () => false)) === 'windDown') return;
        continue;
      }
    }
    const next = care.next;
    if (!next) {
      run.setPending('care', undefined);
      await wf.condition(() => run.windDown);
      return;
    }
    run.setPending('care', { kind: 'care', what: `${next.occasion} e-mail (${next.template})`, at: next.at });
    const woke = await run.waitUntil(Date.parse(next.at), () => state.paused);
    if (woke === 'windDown') return;
    if (woke === 'woken') {
      await wf.condition(() => !state.paused || run.windDown);
      continue;
    }
    const key = `${state.lead.id}/care/${next.key}`;
    if (mailBlocked(run, next.category)) run.note(key, `not sent: ${state.suppressed}`);
    else if (run.now() - Date.parse(next.at) > CARE_GRACE_MS) run.note(key, 'not sent: its day passed while the journey was paused');
    else {
      await sendJourneyMail(run, {
        key,
        sequence: 'care',
        template: next.template,
        snapshotHash: next.snapshotHash,
        category: next.category,
        countsTowardCap: next.countsTowardCap,
        subjectPrefix: next.subjectPrefix,
        variables: { occasion: next.occasion, year: next.cycle },
        tags: { occasion: next.occasion },
      });
    }
    pushBounded(care.sent, next.key, LIMITS.careSent);
    care.next = undefined;
  }
}
