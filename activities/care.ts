import { CARE_GRACE_MS, type Audience, type CareDefinition } from '../src/domain/care-schema.js';
import { DEFAULT_TIMEZONE, type Lead } from '../src/domain/lead.js';
import type { Stage } from '../src/domain/stages.js';
import { birthdayDate, DEFAULT_BIRTHDAY_RULES, isLunar, occasionDate } from '../src/calendar/care-dates.js';
import { solarToLunar } from '../src/calendar/lunar.js';
import { placeOf } from '../src/calendar/zones.js';
import type { JourneyLibrary } from '../src/journeys/library.js';
import { localDate, localInstant } from '../src/schedule/local-time.js';
import type { SnapshotStore } from '../src/store/snapshot-store.js';
import { orNonRetryable } from './journeys.js';

/** The lead's next care mail: which occasion of which cycle, when on the lead's clock, and how to send it. */
export interface PlannedCare {
  /** `birthday/2027`, `spring-festival/2028`: once per lead, ever; part of the send's key. */
  key: string;
  occasion: string;
  cycle: number;
  /** The local date it is for, and the instant it goes out. */
  date: string;
  at: string;
  template: string;
  snapshotHash: string;
  category: CareDefinition['category'];
  countsTowardCap: boolean;
  subjectPrefix?: string | Record<string, string>;
}

export interface PlanCareInput {
  lead: Lead;
  stage: Stage;
  after: string;
  /** Keys already sent (the ledger would refuse them anyway). */
  sent: string[];
}

const BIRTHDAY = 'birthday';


function inAudience(audience: Audience, lead: Lead, stage: Stage): boolean {
  if (!audience.stages.includes(stage)) return false;
  const locale = (lead.locale ?? 'en').toLowerCase();
  if (audience.locales && !audience.locales.some((l) => locale === l.toLowerCase() || locale.startsWith(`${l.toLowerCase()}-`))) return false;
  const { country } = placeOf(lead);
  return !audience.countries || (!!country && audience.countries.includes(country));
}

export function careActivities({ library, snapshots }: { library: JourneyLibrary; snapshots: SnapshotStore }) {
  return {
    /**
     * The first care occasion at or after `after` that the lead has not had: the birthday (for the
     * stages care.yaml names, default won) and every occasion whose audience includes the lead.
     * Dates come from the lead's own calendar (lunar ones by the lunar year), at care's own hour
     * on the lead's clock, any day of the week; an hour passed within CARE_GRACE_MS still counts.
     * Its templates are frozen under a content hash.
     */
    async planCare({ lead, stage, after, sent }: PlanCareInput): Promise<PlannedCare | null> {
      const care = await orNonRetryable(() => library.care());
      const zone = lead.timezone ?? DEFAULT_TIMEZONE;
      const now = new Date(after);
      const today = localDate(now, zone);
      const years = { solar: Number(today.slice(0, 4)), lunar: solarToLunar(today).year };
      const done = new Set(sent);
      let best: Omit<PlannedCare, 'snapshotHash'> | undefined;
      const consider = (occasion: string, template: string, time: string, lunar: boolean, dateOf: (cycle: number) => string | undefined) => {
        const base = lunar ? years.lunar : years.solar;
        for (const cycle of [base - 1, base, base + 1, base + 2]) {
          const key = `${occasion}/${cycle}`;
          const date = dateOf(cycle);
          if (!date || done.has(key)) continue;
          const at = localInstant(date, time, zone);
          if (at.getTime() < now.getTime() - CARE_GRACE_MS || (best && at.toISOString() >= best.at)) continue;
          best = { key, occasion, cycle, date, at: at.toISOString(), template, category: care.category, countsTowardCap: care.countsTowardCap, subjectPrefix: care.category === 'marketing' ? care.subjectPrefix : undefined };
        }
      };
      const birthday = care.birthday;
      if (birthday && lead.birthday && birthday.stages.includes(stage)) {
        const rules = { ...DEFAULT_BIRTHDAY_RULES, ...birthday };
        consider(BIRTHDAY, birthday.template, birthday.time ?? care.time, isLunar(lead.birthday), (cycle) => birthdayDate(lead.birthday!, cycle, rules));
      }
      for (const occasion of care.occasions) {
        if (!inAudience(occasion.audience, lead, stage)) continue;
        consider(occasion.key, occasion.template, occasion.time ?? care.time, isLunar(occasion), (cycle) => occasionDate(occasion, cycle, birthday?.day30));
      }
      if (!best) return null;
      const planned = best;
      const set = await orNonRetryable(() => library.templateSet(`care:${planned.occasion}`, [planned.template]));
      await snapshots.put(set);
      return { ...planned, snapshotHash: set.hash };
    },
  };
}
