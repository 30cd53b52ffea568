import type { CalendarRegistry } from '../calendar/work-calendar.js';
import type { Env } from '../env.js';
import type { JourneyLibrary } from '../journeys/library.js';
import type { Mailer } from '../mail/mailer.js';
import type { TeamStore } from '../store/team-store.js';
import type { JourneyView } from '../../workflows/view.js';
import type { TeamTemporal } from './queues.js';

/** What the team's activities are built from; everything injected, nothing read from the process. */
export interface TeamDeps {
  library: JourneyLibrary;
  calendars: CalendarRegistry;
  teamStore: TeamStore;
  /** Where the destinations' secrets are read from, by the names team.yaml gives. */
  env: Env;
  publicUrl: string;
  mailer: Mailer;
  mailFrom: string;
  /** Without it (simulations), moments are recorded for the digest but nothing is delivered. */
  teamTemporal?: TeamTemporal;
  /** A journey as it stands now, for the digest to tell open tasks from done ones; undefined when gone. */
  journeyView?: (workflowId: string) => Promise<JourneyView | undefined>;
  /** The signing clock of DingTalk and Feishu; the real one unless a test says otherwise. */
  signingClock?: () => number;
}
