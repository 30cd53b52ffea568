import { renderText } from '../src/mail/render.js';
import { templateContext } from './template-context.js';
import type { CreateTaskInput, TaskRecord } from './types.js';

const DEFAULT_DUE_MS = 86_400_000;

export function taskActivities() {
  return {
    /**
     * A task for the lead's owner. Until CRM connectors write it to the CRM, the task lives in the
     * journey's state, keyed so that a retried activity yields the same task.
     */
    async createTask(input: CreateTaskInput): Promise<TaskRecord> {
      const context = templateContext(input.lead, input.stage);
      const title = await renderText(input.title, context);
      const notes = input.notes ? await renderText(input.notes, context) : undefined;
      const createdAt = new Date(input.at);
      return {
        key: input.key,
        title,
        notes,
        owner: input.lead.owner,
        createdAt: createdAt.toISOString(),
        dueAt: new Date(createdAt.getTime() + (input.dueInMs ?? DEFAULT_DUE_MS)).toISOString(),
        origin: input.origin,
      };
    },
  };
}
