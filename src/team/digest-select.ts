import { engagementWeight, MOMENTS } from '../domain/alert-rules.js';
import { isActivity } from '../domain/events.js';
import type { TeamMoment, TeamStore } from '../store/team-store.js';
import type { JourneyView } from '../../workflows/view.js';

/** How far back a task still counts as overdue; older ones belong in the CRM's own reports. */
const OVERDUE_HORIZON_MS = 30 * 86_400_000;
/** Journeys asked per digest; tasks of further leads count as open. */
const MAX_JOURNEYS = 100;
const CONCURRENCY = 8;

const TASKS = [MOMENTS.followUp, MOMENTS.sequenceTask, MOMENTS.lowScore];

/** An event that means someone talked to the lead: a reply, or any event from the CRM or API (call.logged, demo.booked). */
const closesTask = (type: string) => type === 'email.replied' || (!type.startsWith('email.') && engagementWeight(type) > 0);

/**
 * Whether a task is still open: the lead is still the owner's, in the stage visit the task was
 * raised in, and nothing has answered it since (a stale alert: any activity; other tasks: a reply
 * or an event such as call.logged). leadflow cannot see a task ticked off in the CRM.
 */
export function stillOpen(m: TeamMoment, view: JourneyView): boolean {
  const raised = m.at.getTime();
  if (view.lead.owner !== m.owner || view.stage !== m.stage || Date.parse(view.stageEnteredAt) > raised) return false;
  const since = view.recentEvents.filter((e) => Date.parse(e.at) > raised);
  return m.kind === MOMENTS.stale ? !since.some((e) => isActivity(e.type)) : !since.some((e) => closesTask(e.type));
}

export interface DigestPicks {
  today: TeamMoment[];
  /** The newest open overdue task per lead, with how many of that lead's are open. */
  overdue: { moment: TeamMoment; count: number }[];
  stale: TeamMoment[];
  hot: TeamMoment[];
  won: TeamMoment[];
}

async function views(ids: string[], journeyView: ((id: string) => Promise<JourneyView | undefined>) | undefined): Promise<Map<string, JourneyView | 'gone' | 'unknown'>> {
  const out = new Map<string, JourneyView | 'gone' | 'unknown'>();
  const queue = ids.slice(0, MAX_JOURNEYS);
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        out.set(id, (await journeyView?.(id)) ?? (journeyView ? 'gone' : 'unknown'));
      } catch {
        // A journey that does not answer now may well be open: better listed than lost.
        out.set(id, 'unknown');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

/**
 * What an owner's digest for the day `[dayStart, dayEnd)` lists: tasks due today and overdue
 * ones still open, stale deals still quiet, hot leads and wins since the last digest.
 */
export async function pickDigest(
  store: TeamStore,
  journeyView: ((workflowId: string) => Promise<JourneyView | undefined>) | undefined,
  q: { owner: string; dayStart: Date; dayEnd: Date; since: Date },
): Promise<DigestPicks> {
  const horizon = new Date(q.dayStart.getTime() - OVERDUE_HORIZON_MS);
  const [tasks, stale, hot, won] = await Promise.all([
    store.tasksDueBefore(q.owner, TASKS, q.dayEnd, horizon),
    store.momentsSince(q.owner, [MOMENTS.stale], horizon),
    store.momentsSince(q.owner, [MOMENTS.hot], q.since),
    store.momentsSince(q.owner, [MOMENTS.won], q.since),
  ]);
  const ids = [...new Set([...tasks, ...stale].map((m) => m.workflowId).filter((id): id is string => !!id))];
  const known = await views(ids, journeyView);
  const open = (m: TeamMoment) => {
    const view = m.workflowId ? known.get(m.workflowId) : 'unknown';
    return view === 'unknown' || view === undefined ? true : view !== 'gone' && stillOpen(m, view);
  };
  const openTasks = tasks.filter(open);
  const today = openTasks.filter((m) => m.dueAt! >= q.dayStart);
  const overdueByLead = new Map<string, { moment: TeamMoment; count: number }>();
  for (const m of openTasks.filter((t) => t.dueAt! < q.dayStart)) {
    const seen = overdueByLead.get(m.leadId);
    overdueByLead.set(m.leadId, { moment: !seen || m.dueAt! > seen.moment.dueAt! ? m : seen.moment, count: (seen?.count ?? 0) + 1 });
  }
  const staleByLead = new Map<string, TeamMoment>();
  for (const m of stale.filter(open)) staleByLead.set(m.leadId, m);
  const latestPerLead = (list: TeamMoment[]) => [...new Map(list.map((m) => [m.leadId, m])).values()];
  return { today, overdue: [...overdueByLead.values()], stale: [...staleByLead.values()], hot: latestPerLead(hot), won: latestPerLead(won) };
}
