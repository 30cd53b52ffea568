import { OWNER_EMAIL } from '../domain/team-chat.js';
import { DEFAULT_TIMEZONE } from '../domain/lead.js';
import type { Team } from '../domain/team.js';
import type { TeamMessage } from '../notify/message.js';
import { SERVICE_LIMITS } from '../notify/registry.js';
import { destinationId, serviceOf } from './destinations.js';
import { leadLabel } from './format.js';
import { momentMessage, type MomentFacts } from './moment-message.js';
import { ownerProfile, type OwnerProfile } from './owner-profile.js';
import { ensureOwnerDigest, handToQueue } from './queues.js';
import { deliveryTime } from './quiet-hours.js';
import type { TeamDeps } from './team-deps.js';

export interface RaiseOptions {
  /** The moment's idempotency key (a task's key, `<lead>/hot/<event id>`): one message per destination, ever. */
  key: string;
  /** Send it (the funnel's alert rule is on), or only record it for the digest. */
  alert: boolean;
  urgent: boolean;
  /** The lead's journey, for the digest to ask whether a task is still open. */
  workflowId?: string;
}

export interface RaisedMoment {
  /** The queues the message went to (`sales-wecom`, `email:bob`). */
  destinations: string[];
  deliverAt?: string;
}

/**
 * A moment of a lead's journey, handed on to the team: recorded for the owner's digest, then, when
 * its rule is on, put in the ledger once per destination (key: moment and destination) and in
 * each destination's queue, not before the end of the owner's quiet hours unless urgent. Safe to
 * repeat: every write is keyed.
 */
export async function raiseMoment(deps: TeamDeps, facts: MomentFacts, opts: RaiseOptions): Promise<RaisedMoment> {
  const team = await deps.library.team();
  const ownerId = facts.lead.owner;
  const owner = ownerId ? ownerProfile(team, ownerId, facts.lead) : undefined;
  const at = new Date(facts.at);
  const locale = owner?.locale ?? team.defaults.locale ?? 'en';
  if (ownerId) {
    await deps.teamStore.recordMoment({
      key: opts.key,
      owner: ownerId,
      leadId: facts.lead.id,
      workflowId: opts.workflowId,
      kind: facts.kind,
      stage: facts.stage,
      title: facts.task?.title ?? facts.error ?? leadLabel(facts.lead, locale),
      at,
      dueAt: facts.task?.dueAt ? new Date(facts.task.dueAt) : undefined,
      data: { lead: { id: facts.lead.id, name: facts.lead.name, company: facts.lead.attributes?.company, crm: facts.lead.crm }, hot: facts.hot, stageChange: facts.stageChange },
    });
  }
  if (!opts.alert) return { destinations: [] };
  const message = momentMessage(facts, { owner, fallback: { timezone: team.defaults.timezone ?? facts.lead.timezone ?? DEFAULT_TIMEZONE, locale }, publicUrl: deps.publicUrl, crmRecordUrls: team.crmRecordUrls, urgent: opts.urgent });
  const deliverAt = await deliveryTime(at, owner, opts.urgent, deps.calendars);
  const destinations = await dispatch(deps, team, owner, { key: opts.key, message, deliverAt, urgent: opts.urgent, ownerId });
  if (deps.teamTemporal && owner?.listed && owner.digest) await ensureOwnerDigest(deps.teamTemporal, owner.id);
  return { destinations, deliverAt: destinations.length ? deliverAt.toISOString() : undefined };
}

/**
 * Puts one message in the ledger once per destination of the owner (the team's defaults for an
 * unassigned lead), keyed `<message key>><destination>`, and in each destination's queue.
 */
export async function dispatch(deps: TeamDeps, team: Team, owner: OwnerProfile | undefined, m: { key: string; message: TeamMessage; deliverAt: Date; urgent: boolean; ownerId?: string }): Promise<string[]> {
  const names = (owner?.notify ?? team.defaults.notify ?? []).filter((n) => owner?.email || n !== OWNER_EMAIL);
  const destinations: string[] = [];
  for (const name of names) {
    const service = serviceOf(team, name);
    if (!service) continue;
    const destination = destinationId(name, m.ownerId);
    const row = await deps.teamStore.enqueue({ key: `${m.key}>${destination}`, momentKey: m.key, owner: m.ownerId, destination, service, message: m.message, deliverAt: m.deliverAt, urgent: m.urgent });
    if (deps.teamTemporal && row.status !== 'sent') {
      await handToQueue(deps.teamTemporal, destination, SERVICE_LIMITS[service], { key: row.key, deliverAt: row.deliverAt.getTime(), urgent: m.urgent });
    }
    destinations.push(destination);
  }
  return destinations;
}
