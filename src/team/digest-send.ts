import { localInstant } from '../schedule/local-time.js';
import { nextDate, previousDigestTime } from './digest-plan.js';
import { digestMessage } from './digest-message.js';
import { pickDigest } from './digest-select.js';
import { ownerProfile } from './owner-profile.js';
import { deliveryTime } from './quiet-hours.js';
import { dispatch } from './raise-moment.js';
import type { TeamDeps } from './team-deps.js';

/** How long the team ledger keeps an owner's moments and sent messages. */
const RETENTION_MS = 90 * 86_400_000;

export interface SendDigestInput {
  owner: string;
  /** The owner's local date the digest is for. */
  date: string;
  /** Workflow time of the send. */
  at: string;
  /** When the previous digest went out: hot leads and wins count from there (default: the previous working day's digest time). */
  since?: string;
}

/**
 * Builds the owner's digest for a date and hands it to their destinations under the key
 * `digest/<owner>/<date>`: however often this runs for a date, each destination gets it once.
 */
export async function sendDigest(deps: TeamDeps, input: SendDigestInput): Promise<{ destinations: string[]; entries: number }> {
  const team = await deps.library.team();
  const owner = ownerProfile(team, input.owner);
  const dayStart = localInstant(input.date, '00:00', owner.timezone);
  const dayEnd = localInstant(nextDate(input.date), '00:00', owner.timezone);
  const since = input.since ? new Date(input.since) : await previousDigestTime(deps, owner, input.date);
  const picks = await pickDigest(deps.teamStore, deps.journeyView, { owner: owner.id, dayStart, dayEnd, since });
  const message = digestMessage(owner, input.date, picks, { publicUrl: deps.publicUrl, since });
  const deliverAt = await deliveryTime(new Date(input.at), owner, false, deps.calendars);
  await deps.teamStore.prune(owner.id, new Date(dayStart.getTime() - RETENTION_MS));
  const destinations = await dispatch(deps, team, owner, { key: `digest/${owner.id}/${input.date}`, message, deliverAt, urgent: false, ownerId: owner.id });
  return { destinations, entries: picks.today.length + picks.overdue.length + picks.stale.length + picks.hot.length + picks.won.length };
}
