import { DEFAULT_TIMEZONE } from '../domain/lead.js';
import { formatLocal } from '../schedule/local-time.js';
import type { SimulationResult } from './run.js';

export interface TimelineEntry {
  at: number;
  kind: 'email' | 'task' | 'stage' | 'event';
  text: string;
}

/** Everything the lead received and every task raised, in time order. */
export function timelineEntries(result: SimulationResult): TimelineEntry[] {
  const { view, injected } = result;
  const entries: TimelineEntry[] = [
    ...view.emails.map((e) => ({ at: Date.parse(e.sentAt), kind: 'email' as const, text: `✉  ${e.template} [${e.locale}] "${e.subject}"` })),
    ...view.tasks.map((t) => ({ at: Date.parse(t.createdAt), kind: 'task' as const, text: `☐  task for ${t.owner ?? 'the owner'}: ${t.title}` })),
    ...view.history.slice(1).map((h) => ({ at: Date.parse(h.at), kind: 'stage' as const, text: `→  stage ${h.from} → ${h.to} (${h.source})` })),
    ...injected.filter((i) => i.type !== 'stage.changed').map((i) => ({ at: i.at, kind: 'event' as const, text: `•  ${i.type}` })),
  ];
  return entries.sort((a, b) => a.at - b.at);
}

export function formatTimeline(result: SimulationResult, days: number): string {
  const zone = result.view.lead.timezone ?? DEFAULT_TIMEZONE;
  const lines = [
    `Journey of a lead in ${zone} (${result.view.lead.locale ?? 'en'}) over ${days} days, local times:`,
    '',
    ...timelineEntries(result).map((e) => {
      const day = Math.floor((e.at - result.startedAt) / 86_400_000);
      return `day ${String(day).padStart(3)}  ${formatLocal(new Date(e.at), zone)}  ${e.text}`;
    }),
    '',
    `Now in stage ${result.view.stage}.` + (result.view.next.length ? ' Next:' : ' Nothing scheduled.'),
    ...result.view.next.map((n) => `  ${n.at ? formatLocal(new Date(n.at), zone) : 'when resumed'}  ${n.what}`),
  ];
  if (result.view.errors.length) lines.push('', 'Errors:', ...result.view.errors.map((e) => `  ${e.message}`));
  return lines.join('\n');
}
