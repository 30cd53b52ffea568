import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../domain/lead.js';
import { formatLocal } from '../schedule/local-time.js';
import type { SimulationResult } from './run.js';

/** What kinds of moment a timeline shows; `alert` is a stale-lead task. */
export const TIMELINE_KINDS = ['email', 'task', 'alert', 'stage', 'event'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  text: string;
  /** What `--json` prints besides kind, at and local. */
  fields: Record<string, string | undefined>;
}

/** Everything the lead received and every task raised, in time order. */
export function timelineEntries(result: SimulationResult): TimelineEntry[] {
  const { view, injected } = result;
  const entries: TimelineEntry[] = [
    ...view.emails.map((e) => ({
      at: Date.parse(e.sentAt),
      kind: 'email' as const,
      text: `✉  ${e.template} [${e.locale}] "${e.subject}"${e.occasion ? ` (${e.occasion})` : ''}`,
      fields: { template: e.template, sequence: e.sequence, subject: e.subject, locale: e.locale, messageId: e.messageId, occasion: e.occasion, survey: e.survey },
    })),
    ...view.tasks.map((t) => ({
      at: Date.parse(t.createdAt),
      kind: t.origin === 'stale' ? ('alert' as const) : ('task' as const),
      text: `${t.origin === 'stale' ? '⚠' : '☐'}  task for ${t.owner ?? 'the owner'}: ${t.title}`,
      fields: { title: t.title, owner: t.owner, origin: t.origin, dueAt: t.dueAt, dueMovedFrom: t.dueMovedFrom },
    })),
    ...view.history.slice(1).map((h) => ({
      at: Date.parse(h.at),
      kind: 'stage' as const,
      text: `→  stage ${h.from} → ${h.to} (${h.source})`,
      fields: { from: h.from ?? undefined, to: h.to, source: h.source },
    })),
    ...injected
      .filter((i) => i.type !== 'stage.changed')
      .map((i) => ({ at: i.at, kind: 'event' as const, text: `•  ${i.type}${i.score !== undefined ? ` ${i.score}` : ''}`, fields: { type: i.type, score: i.score?.toString() } })),
  ];
  return entries.sort((a, b) => a.at - b.at);
}

/** One JSON object per line: kind, at (UTC), local (with offset on the lead's clock) and the entry's own fields. */
export function formatTimelineJson(result: SimulationResult): string {
  const zone = result.view.lead.timezone ?? DEFAULT_TIMEZONE;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
  return [
    ...result.calendarNotices.map((n) => JSON.stringify({ kind: 'notice', message: n.message })),
    ...timelineEntries(result).map((e) => {
      const due = e.fields.dueAt ? { dueLocal: local(Date.parse(e.fields.dueAt)) } : {};
      return JSON.stringify({ kind: e.kind, at: new Date(e.at).toISOString(), local: local(e.at), ...e.fields, ...due });
    }),
  ].join('\n');
}

export function formatTimeline(result: SimulationResult, days: number): string {
  const zone = result.view.lead.timezone ?? DEFAULT_TIMEZONE;
  const lines = [
    `Journey of a lead in ${zone} (${result.view.lead.locale ?? 'en'}) over ${days} days, local times:`,
    ...result.calendarNotices.map((n) => `  note: ${n.message}`),
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
