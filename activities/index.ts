import type { JourneyLibrary } from '../src/journeys/library.js';
import { emailActivities, type EmailDeps } from './email.js';
import { journeyActivities } from './journeys.js';
import { scheduleActivities } from './schedule.js';
import { taskActivities } from './tasks.js';

export interface ActivityDeps extends EmailDeps {
  library: JourneyLibrary;
}

/** Every activity, built from its dependencies (mailer, journey files). Workflows proxy this type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...journeyActivities(deps.library),
    ...scheduleActivities(),
    ...emailActivities(deps),
    ...taskActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
