import * as wf from '@temporalio/workflow';
import { parseDuration } from '../src/domain/duration.js';
import { DEFAULT_TIMEZONE } from '../src/domain/lead.js';
import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { SURVEY_SCALES, type SurveyConfig } from '../src/domain/survey.js';
import { effects, lookups } from './activities-proxy.js';
import { sendTimeOf } from './send-time.js';
import { CARE_AND_SURVEYS_PATCH } from './patches.js';
import { writeToLinkedCrms } from './crm-sync.js';
import type { JourneyRun } from './journey-run.js';
import { mailBlocked, sendJourneyMail } from './send-mail.js';
import { iso, LIMITS, pushBounded, type SurveyAnswerIn, type SurveyState } from './state.js';
import { taskAlert } from './team-alerts.js';
import { failureMessage } from './failure-message.js';

/** A survey's instance: one per lead, survey and visit of the stage it is configured on. */
const instanceOf = (run: JourneyRun, config: SurveyConfig) => `${run.state.lead.id}/survey/${config.name}@${run.state.stageEnteredAt}`;

/** The first moment the stage's send window allows at or after `notBefore`. */
async function windowed(run: JourneyRun, notBefore: number): Promise<number> {
  const { lead, funnel } = run.state;
  const window = run.plan()?.sendWindow ?? funnel?.definition.sendWindow ?? DEFAULT_SEND_WINDOW;
  return sendTimeOf(run, { notBefore: iso(notBefore), timezone: lead.timezone ?? DEFAULT_TIMEZONE, country: lead.country, region: lead.region, window });
}

/** The survey configured on a survey instance's name, in the funnel the lead runs. */
export function surveyConfig(run: JourneyRun, name: string): SurveyConfig | undefined {
  return Object.values(run.state.funnel?.definition.stages ?? {}).find((plan) => plan?.survey?.name === name)?.survey;
}

/** Sleeps until `deadline` unless paused (then until resumed) or `stop` holds; false when the run winds down or `stop` held. */
async function sleepUntil(run: JourneyRun, deadline: number, stop: () => boolean): Promise<boolean> {
  for (;;) {
    const woke = await run.waitUntil(deadline, () => run.state.paused || stop());
    if (woke === 'deadline') return true;
    if (woke === 'windDown' || stop()) return false;
    await wf.condition(() => !run.state.paused || run.windDown);
  }
}

/**
 * The stage's satisfaction survey: `after` the stage was entered, inside the send window, one
 * mail with a signed link per score; one reminder `reminder` later when there is no answer and the
 * address still takes mail. Deadlines are kept in state, so a continue-as-new resumes them.
 */
export async function runSurvey(run: JourneyRun): Promise<void> {
  const config = run.plan()?.survey;
  if (!config || !run.patched(CARE_AND_SURVEYS_PATCH)) return;
  try {
    await surveyOnce(run, config);
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    run.fail(`survey ${config.name}: ${failureMessage(err)}`);
  }
}

async function surveyOnce(run: JourneyRun, config: SurveyConfig): Promise<void> {
  const { state } = run;
  const surveys = (state.surveys ??= {});
  const instance = instanceOf(run, config);
  if (!surveys[instance]) {
    surveys[instance] = { instance, name: config.name, kind: config.kind, status: 'due', answers: 0 };
    const keys = Object.keys(surveys);
    for (const old of keys.slice(0, Math.max(0, keys.length - LIMITS.surveys))) delete surveys[old];
  }
  const s: SurveyState = surveys[instance]!;
  const blocked = () => mailBlocked(run, 'relationship');
  const mail = (kind: 'survey' | 'reminder', template: string) =>
    sendJourneyMail(run, {
      key: `${instance}/${kind}`,
      sequence: `survey:${config.name}`,
      template,
      snapshotHash: s.snapshotHash,
      category: 'relationship',
      survey: { name: config.name, kind: config.kind, instance },
      tags: { survey: config.name },
    });

  if (s.status === 'due') {
    s.sendAt ??= await windowed(run, state.stageEnteredAt + parseDuration(config.after));
    run.setPending('survey', { kind: 'survey', what: `${config.name} survey`, at: iso(s.sendAt) });
    if (!(await sleepUntil(run, s.sendAt, () => false))) return;
    s.snapshotHash ??= await lookups.snapshotSurvey({ name: config.name, templates: [config.template, config.reminderTemplate] });
    if (blocked() || !(await mail('survey', config.template))) {
      s.status = 'skipped';
      run.note(`${instance}/survey`, `survey not sent: ${state.suppressed ?? 'suppressed'}`);
    } else {
      s.status = 'sent';
      s.sentAt = run.now();
      await effects.recordSurveySent({ instance, survey: config.name, leadId: state.lead.id, kind: config.kind, sentAt: iso(s.sentAt) });
    }
  }
  if (s.status === 'sent' && config.reminder && s.remindedAt === undefined && !s.answer) {
    s.reminderAt ??= await windowed(run, s.sentAt! + parseDuration(config.reminder));
    run.setPending('survey', { kind: 'survey', what: `${config.name} survey reminder, unless answered`, at: iso(s.reminderAt) });
    if (!(await sleepUntil(run, s.reminderAt, () => !!s.answer || blocked()))) {
      if (!run.windDown) run.setPending('survey', undefined);
      return;
    }
    if (await mail('reminder', config.reminderTemplate)) s.remindedAt = run.now();
    else s.remindedAt = -1;
  }
  run.setPending('survey', undefined);
}

/**
 * Survey answers, in the order they came: each is written to the store (the latest answer of a
 * survey replaces the one before), noted on the linked CRM records, and the first answer at or
 * below `lowScore` becomes a task for the owner at once.
 */
export async function runSurveyAnswers(run: JourneyRun): Promise<void> {
  if (!run.patched(CARE_AND_SURVEYS_PATCH)) return;
  const { state } = run;
  const inbox = (state.surveyInbox ??= []);
  while (!run.windDown) {
    await wf.condition(() => inbox.length > 0 || run.windDown);
    const answer = inbox[0];
    const survey = answer && state.surveys?.[answer.instance];
    if (!answer || run.windDown) return;
    if (survey) await processAnswer(run, survey, answer).catch((err: Error) => {
      if (wf.isCancellation(err)) throw err;
      run.fail(`survey answer ${answer.instance}: ${err.message}`);
    });
    inbox.shift();
  }
}

async function processAnswer(run: JourneyRun, survey: SurveyState, answer: SurveyAnswerIn): Promise<void> {
  const { state } = run;
  const config = surveyConfig(run, survey.name);
  const max = SURVEY_SCALES[survey.kind][1];
  await effects.recordSurveyAnswer({ instance: answer.instance, score: answer.score, comment: answer.comment, answeredAt: answer.at, answerNumber: answer.answerNumber });
  const comment = answer.comment ? `“${answer.comment}”` : '(no comment)';
  await writeToLinkedCrms(run, { key: `${answer.instance}/answer/${answer.answerNumber}`, kind: 'note', title: `Survey ${survey.name}: ${answer.score}/${max}`, content: `The customer answered the ${survey.name} survey with ${answer.score} of ${max}. ${comment}` });
  if (config?.lowScore === undefined || answer.score > config.lowScore || survey.lowScoreTask) return;
  survey.lowScoreTask = true;
  const task = await effects.createTask({
    key: `${answer.instance}/low-score`,
    lead: state.lead,
    stage: state.stage,
    title: `{{ lead.name | default: lead.email }} gave ${answer.score}/${max} in the ${survey.name} survey: call them`,
    notes: answer.comment,
    at: iso(run.now()),
    dueInMs: 4 * 3_600_000,
    origin: 'survey',
    alert: taskAlert(run, 'survey', { name: survey.name, score: answer.score, max }),
  });
  pushBounded(state.tasks, task, LIMITS.tasks);
  await writeToLinkedCrms(run, { key: task.key, kind: 'task', title: task.title, content: task.notes, dueAt: task.dueAt });
}
