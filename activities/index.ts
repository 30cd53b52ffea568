import type { JourneyLibrary } from '../src/journeys/library.js';
import type { MailStore } from '../src/store/mail-store.js';
import { emailActivities, type EmailDeps } from './email.js';
import { journeyActivities } from './journeys.js';
import { scheduleActivities } from './schedule.js';
import { taskActivities } from './tasks.js';
import { crmActivities } from './crm.js';
import { crmStageSyncActivities } from './crm-stage-sync.js';
import { zohoChannelActivities, type ZohoChannelSettings } from './zoho-channel.js';
import { crmInboundActivities, type InboundDeps } from './crm-inbound.js';
import { crmReconcileActivities } from './crm-reconcile.js';
import type { Connectors } from '../src/crm/configured.js';
import type { CrmStore } from '../src/store/crm-store.js';
import type { CalendarRegistry } from '../src/calendar/work-calendar.js';
import type { SurveyStore } from '../src/store/survey-store.js';
import { careActivities } from './care.js';
import { surveyActivities } from './surveys.js';
import { insightActivities } from './insight.js';
import type { InsightStore } from '../src/store/insight-store.js';
import { notifyActivities } from './notify.js';
import { digestActivities } from './digest.js';
import type { TeamStore } from '../src/store/team-store.js';
import type { Env } from '../src/env.js';
import type { TeamDeps } from '../src/team/team-deps.js';
import { journeyViewsVia } from '../src/team/journey-views.js';

export interface ActivityDeps extends EmailDeps {
  library: JourneyLibrary;
  store: MailStore;
  crm: CrmStore;
  connectors: Connectors;
  /** Public holidays and working days of every place leads and owners live in. */
  calendars: CalendarRegistry;
  /** Surveys sent and answered, for the results API. */
  surveys: SurveyStore;
  /** For activities that start or signal workflows (CRM polling). */
  temporal?: InboundDeps;
  /** Zoho's notification channel: where it posts and the token it echoes. */
  zohoChannel?: ZohoChannelSettings;
  /** The event log every funnel number is read from. */
  insight: InsightStore;
  /** The team's ledger: moments for digests, messages per destination. */
  teamStore: TeamStore;
  /** Where the secrets team.yaml names are read from. */
  env: Env;
  /** Team delivery settings tests change: the signing clock, the delivery heartbeat timeout. */
  team?: { signingClock?: () => number; heartbeatTimeout?: string };
}

/** The team's dependencies, from the activities' own. */
function teamDeps(deps: ActivityDeps): TeamDeps {
  return {
    library: deps.library,
    calendars: deps.calendars,
    teamStore: deps.teamStore,
    env: deps.env,
    publicUrl: deps.publicUrl,
    mailer: deps.mailer,
    mailFrom: deps.mailFrom,
    teamTemporal: deps.temporal && { ...deps.temporal, heartbeatTimeout: deps.team?.heartbeatTimeout },
    journeyView: deps.temporal && journeyViewsVia(deps.temporal.client),
    signingClock: deps.team?.signingClock,
  };
}

/** Every activity, built from its dependencies (journey files, store, mailer, link signing). */
export function createActivities(deps: ActivityDeps) {
  const team = teamDeps(deps);
  const withEffects = { ...emailActivities(deps), ...taskActivities({ ...deps, team }), ...crmActivities(deps.connectors, deps.crm), ...crmStageSyncActivities(deps.connectors) };
  return {
    ...journeyActivities(deps.library, deps.snapshots),
    ...scheduleActivities(deps),
    ...careActivities(deps),
    ...surveyActivities(deps),
    ...withEffects,
    // The activities with effects, each logging what it did to the event log.
    ...insightActivities(deps, withEffects),
    ...crmInboundActivities(deps.connectors, deps.crm, deps.temporal),
    ...crmReconcileActivities(deps.connectors, deps.crm, deps.temporal),
    ...zohoChannelActivities(deps.connectors, deps.zohoChannel),
    ...notifyActivities(team),
    ...digestActivities(team),
  };
}

export type Activities = ReturnType<typeof createActivities>;
