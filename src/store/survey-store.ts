import { npsBucket, type SurveyKind } from '../domain/survey.js';
import type { Db } from './db.js';

/** A survey's figures over the surveys sent in a period (answers count for the period their survey was sent in). */
export interface SurveyResults {
  survey: string;
  kind?: SurveyKind;
  from?: string;
  to?: string;
  sent: number;
  answered: number;
  /** answered ÷ sent, a fraction (0.25 is 25%). */
  responseRate: number;
  /** NPS: counts of promoters (9–10), passives (7–8) and detractors (0–6), and NPS = %promoters − %detractors. */
  promoters?: number;
  passives?: number;
  detractors?: number;
  nps?: number;
  /** CSAT: the average score, and the share of answers that are 4 or 5. */
  average?: number;
  satisfiedShare?: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Surveys sent and their answers, written by the journey's activities (keyed by the survey
 * instance, so a retry or a second answer never counts twice) and read by the results API.
 */
export function surveyStore(db: Db) {
  return {
    async recordSent(s: { instance: string; survey: string; leadId: string; kind: SurveyKind; sentAt: Date }): Promise<void> {
      await db.query('insert into survey_sends (instance, survey, lead_id, kind, sent_at) values ($1, $2, $3, $4, $5) on conflict (instance) do nothing', [s.instance, s.survey, s.leadId, s.kind, s.sentAt]);
    },
    /** The latest answer of a survey instance replaces the one before; `answers` says how many times it was given. */
    async recordAnswer(a: { instance: string; score: number; comment?: string; answeredAt: Date; answerNumber: number }): Promise<void> {
      await db.query(
        `insert into survey_answers (instance, score, comment, answers, first_answered_at, answered_at) values ($1, $2, $3, $4, $5, $5)
         on conflict (instance) do update set score = excluded.score, comment = excluded.comment, answers = excluded.answers, answered_at = excluded.answered_at
         where survey_answers.answers < excluded.answers`,
        [a.instance, a.score, a.comment ?? null, a.answerNumber, a.answeredAt],
      );
    },
    async results(survey: string, period: { from?: Date; to?: Date } = {}): Promise<SurveyResults> {
      const rows = await db.query<{ kind: SurveyKind; score: number | null }>(
        `select s.kind, a.score from survey_sends s left join survey_answers a on a.instance = s.instance
         where s.survey = $1 and ($2::timestamptz is null or s.sent_at >= $2) and ($3::timestamptz is null or s.sent_at < $3)`,
        [survey, period.from ?? null, period.to ?? null],
      );
      const scores = rows.map((r) => r.score).filter((s): s is number => s !== null);
      const kind = rows[0]?.kind;
      const out: SurveyResults = {
        survey,
        kind,
        from: period.from?.toISOString(),
        to: period.to?.toISOString(),
        sent: rows.length,
        answered: scores.length,
        responseRate: rows.length ? round(scores.length / rows.length, 4) : 0,
      };
      if (kind === 'nps') {
        const count = (b: ReturnType<typeof npsBucket>) => scores.filter((s) => npsBucket(s) === b).length;
        Object.assign(out, { promoters: count('promoter'), passives: count('passive'), detractors: count('detractor') });
        out.nps = scores.length ? round(((out.promoters! - out.detractors!) / scores.length) * 100, 1) : undefined;
      }
      if (kind === 'csat' && scores.length) {
        out.average = round(scores.reduce((a, b) => a + b, 0) / scores.length, 2);
        out.satisfiedShare = round(scores.filter((s) => s >= 4).length / scores.length, 4);
      }
      return out;
    },
  };
}

export type SurveyStore = ReturnType<typeof surveyStore>;
