import { parseDuration } from '../domain/duration.js';
import { stageRank, stageSchema, type Stage } from '../domain/stages.js';
import { eventTypeSchema } from '../domain/events.js';
import type { Birthday } from '../domain/lead.js';
import { SURVEY_ANSWERED } from '../domain/survey.js';

/** Something that happens to the simulated lead: `10d:email.opened`, `45d:stage.changed=negotiating`. */
export interface ScenarioEvent {
  offsetMs: number;
  type: string;
  stage?: Stage;
  data?: Record<string, unknown>;
}

const offsetOf = (offset: string) => (offset === '0' ? 0 : parseDuration(offset));

export function parseScenarioEvent(text: string): ScenarioEvent {
  const match = /^([^:]+):([^=]+)(?:=(.+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an event; write <offset>:<type>[=<stage>], e.g. 45d:stage.changed=negotiating`);
  const [, offset, type, value] = match;
  const offsetMs = offsetOf(offset!);
  const parsedType = eventTypeSchema.safeParse(type);
  if (!parsedType.success) throw new Error(`"${type}": event type ${parsedType.error.issues[0]!.message}`);
  if (type === 'stage.changed') {
    const stage = stageSchema.safeParse(value);
    if (!stage.success) throw new Error(`"${text}": stage.changed needs =<stage>, one of ${stageSchema.options.join(', ')}`);
    return { offsetMs, type: parsedType.data, stage: stage.data };
  }
  return { offsetMs, type: parsedType.data };
}

/** `--answer 10d:9`: the customer answers the latest survey sent with that score, that long after enrolment. */
export function parseScenarioAnswer(text: string): ScenarioEvent {
  const match = /^([^:]+):(\d{1,2})$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an answer; write <offset>:<score>, e.g. 10d:9`);
  return { offsetMs: offsetOf(match[1]!), type: SURVEY_ANSWERED, data: { score: Number(match[2]) } };
}

/** `--birthday`: `MM-DD`, `YYYY-MM-DD`, `chinese:M-D` or `chinese:leapM-D` (born in the leap month). */
export function parseBirthday(text: string): Birthday {
  const lunar = /^chinese:(leap)?(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (lunar) return { calendar: 'chinese', month: Number(lunar[2]), day: Number(lunar[3]), ...(lunar[1] ? { leap: true } : {}) };
  return text.trim();
}

/** What `journeys simulate` runs when no event is given: the shipped funnel's common path. */
export const DEFAULT_SCENARIO = ['9d:email.opened', '30d:stage.changed=qualified', '45d:stage.changed=quoted', '60d:stage.changed=negotiating', '75d:stage.changed=won'];

/** The common path from a stage on: only the moves forward from where the lead enters. */
export function defaultScenario(entry: Stage): string[] {
  return DEFAULT_SCENARIO.filter((e) => {
    const stage = /=(.+)$/.exec(e)?.[1];
    return stage ? stageRank(stage as Stage) > stageRank(entry) && entry !== 'lost' : entry === 'lead';
  });
}
