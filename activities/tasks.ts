import { ownerWorkPlace } from '../src/domain/team.js';
import { DEFAULT_TIMEZONE } from '../src/domain/lead.js';
import type { CalendarRegistry } from '../src/calendar/work-calendar.js';
import { placeOf } from '../src/calendar/zones.js';
import type { JourneyLibrary } from '../src/journeys/library.js';
import { renderText } from '../src/mail/render.js';
import { onWorkingDay } from '../src/schedule/local-time.js';
import { templateContext } from './template-context.js';
import type { CreateTaskInput, TaskRecord } from './types.js';
import { TASK_MOMENTS } from '../src/domain/alert-rules.js';
import { raiseMoment } from '../src/team/raise-moment.js';
import type { TeamDeps } from '../src/team/team-deps.js';
import { callingWorkflowId } from './notify.js';

const DEFAULT_DUE_MS = 86_400_000;

export interface TaskDeps {
  library: JourneyLibrary;
  calendars: CalendarRegistry;
  /** The team the task is handed on to (chat, e-mail, the digest); none in bare set-ups. */
  team?: TeamDeps;
}

export function taskActivities({ library, calendars, team }: TaskDeps) {
  return {
    /**
     * A task for the lead's owner, due on one of the owner's working days: a due date on a weekend
     * or a holiday of the owner's calendar (team.yaml, else the lead's zone and country) moves to
     * the start of the next working day. Keyed so that a retried activity yields the same task.
     * The task is handed on to the owner here, in the same activity (no round trip of its own):
     * recorded for their digest and, unless the funnel's alert rule is off, sent to their chat.
     */
    async createTask(input: CreateTaskInput): Promise<TaskRecord> {
      const context = templateContext(input.lead, input.stage);
      const title = await renderText(input.title, context);
      const notes = input.notes ? await renderText(input.notes, context) : undefined;
      const createdAt = new Date(input.at);
      const work = ownerWorkPlace(await library.team(), input.lead.owner);
      const zone = work.timezone ?? input.lead.timezone ?? DEFAULT_TIMEZONE;
      const place = work.timezone || work.country || work.region ? placeOf({ ...work, timezone: zone }) : placeOf(input.lead);
      const due = new Date(createdAt.getTime() + (input.dueInMs ?? DEFAULT_DUE_MS));
      const dueAt = onWorkingDay(due, zone, await calendars.calendar(place), work.dayStarts);
      const task: TaskRecord = {
        key: input.key,
        title,
        notes,
        owner: input.lead.owner,
        createdAt: createdAt.toISOString(),
        dueAt: dueAt.toISOString(),
        dueMovedFrom: dueAt.getTime() !== due.getTime() ? due.toISOString() : undefined,
        origin: input.origin,
      };
      if (team) {
        const alert = input.alert ?? { urgent: false };
        const facts = { kind: TASK_MOMENTS[input.origin], lead: input.lead, stage: input.stage, at: input.at, task: { title, notes, dueAt: task.dueAt, dueMovedFrom: task.dueMovedFrom, every: alert ? alert.every : undefined }, survey: alert ? alert.survey : undefined };
        const raised = await raiseMoment(team, facts, { key: input.key, alert: alert !== false, urgent: alert !== false && alert.urgent, workflowId: callingWorkflowId() });
        if (raised.destinations.length) task.alerted = raised.destinations;
      }
      return task;
    },
  };
}
