import { parseDuration } from '../domain/duration.js';
import { stageSchema, type Stage } from '../domain/stages.js';
import { eventTypeSchema } from '../domain/events.js';

/** Something that happens to the simulated lead: `10d:email.opened`, `45d:stage.changed=negotiating`. */
export interface ScenarioEvent {
  offsetMs: number;
  type: string;
  stage?: Stage;
}

export function parseScenarioEvent(text: string): ScenarioEvent {
  const match = /^([^:]+):([^=]+)(?:=(.+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an event; write <offset>:<type>[=<stage>], e.g. 45d:stage.changed=negotiating`);
  const [, offset, type, value] = match;
  const offsetMs = offset === '0' ? 0 : parseDuration(offset!);
  const parsedType = eventTypeSchema.safeParse(type);
  if (!parsedType.success) throw new Error(`"${type}": event type ${parsedType.error.issues[0]!.message}`);
  if (type === 'stage.changed') {
    const stage = stageSchema.safeParse(value);
    if (!stage.success) throw new Error(`"${text}": stage.changed needs =<stage>, one of ${stageSchema.options.join(', ')}`);
    return { offsetMs, type: parsedType.data, stage: stage.data };
  }
  return { offsetMs, type: parsedType.data };
}

/** What `journeys simulate` runs when no event is given: the shipped funnel's common path. */
export const DEFAULT_SCENARIO = ['9d:email.opened', '30d:stage.changed=qualified', '45d:stage.changed=quoted', '60d:stage.changed=negotiating', '75d:stage.changed=won'];
