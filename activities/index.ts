import type { JourneyLibrary } from '../src/journeys/library.js';
import type { MailStore } from '../src/store/mail-store.js';
import { emailActivities, type EmailDeps } from './email.js';
import { journeyActivities } from './journeys.js';
import { scheduleActivities } from './schedule.js';
import { taskActivities } from './tasks.js';

export interface ActivityDeps extends EmailDeps {
  library: JourneyLibrary;
  store: MailStore;
}

/** Every activity, built from its dependencies (journey files, store, mailer, link signing). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...journeyActivities(deps.library),
    ...scheduleActivities(deps.store),
    ...emailActivities(deps),
    ...taskActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
