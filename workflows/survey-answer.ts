import type { LeadEvent } from '../src/domain/events.js';
import { SURVEY_SCALES } from '../src/domain/survey.js';
import type { JourneyState } from './state.js';

/**
 * Takes a customer's answer to a survey (`data: {instance?, score, comment?}`; without an
 * instance, the latest survey sent) into the journey's state: the latest answer stands, and the
 * answers loop does the side effects. Returns why an answer was refused, for the lead's `ignored`.
 */
export function acceptSurveyAnswer(state: JourneyState, event: LeadEvent, at: string): string | undefined {
  const surveys = Object.values(state.surveys ?? {}).filter((s) => s.status === 'sent');
  const given = typeof event.data?.instance === 'string' ? event.data.instance : undefined;
  const survey = given ? surveys.find((s) => s.instance === given) : surveys.sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0))[0];
  if (!survey) return `survey answer for ${given ?? 'a survey'} that this lead was not sent`;
  const score = event.data?.score;
  const [lo, hi] = SURVEY_SCALES[survey.kind];
  if (typeof score !== 'number' || !Number.isInteger(score) || score < lo || score > hi) return `survey answer with a score off the ${survey.kind} scale (${lo}–${hi})`;
  const comment = typeof event.data?.comment === 'string' && event.data.comment.trim() ? event.data.comment.trim().slice(0, 2000) : undefined;
  survey.answer = { score, comment, at };
  survey.answers += 1;
  (state.surveyInbox ??= []).push({ instance: survey.instance, score, comment, at, answerNumber: survey.answers });
  return undefined;
}
