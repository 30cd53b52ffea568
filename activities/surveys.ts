import type { SurveyKind } from '../src/domain/survey.js';
import type { JourneyLibrary } from '../src/journeys/library.js';
import type { SnapshotStore } from '../src/store/snapshot-store.js';
import type { SurveyStore } from '../src/store/survey-store.js';
import { orNonRetryable } from './journeys.js';

export function surveyActivities({ library, snapshots, surveys }: { library: JourneyLibrary; snapshots: SnapshotStore; surveys: SurveyStore }) {
  return {
    /** The survey's and its reminder's templates, frozen under their content hash when the survey is due. */
    async snapshotSurvey({ name, templates }: { name: string; templates: string[] }): Promise<string> {
      const set = await orNonRetryable(() => library.templateSet(`survey:${name}`, templates));
      await snapshots.put(set);
      return set.hash;
    },
    /** A survey went out: it counts in the results of the period it was sent in, once. */
    async recordSurveySent(s: { instance: string; survey: string; leadId: string; kind: SurveyKind; sentAt: string }): Promise<void> {
      await surveys.recordSent({ ...s, sentAt: new Date(s.sentAt) });
    },
    /** A customer's answer; a later answer to the same survey replaces the earlier one. */
    async recordSurveyAnswer(a: { instance: string; score: number; comment?: string; answeredAt: string; answerNumber: number }): Promise<void> {
      await surveys.recordAnswer({ ...a, answeredAt: new Date(a.answeredAt) });
    },
  };
}
