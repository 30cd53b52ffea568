import { TEAM_MESSAGES } from '../domain/alert-rules.js';
import type { Lead } from '../domain/lead.js';
import type { Stage } from '../domain/stages.js';
import type { MessageItem, MessageSection, TeamMessage } from '../notify/message.js';
import type { TeamMoment } from '../store/team-store.js';
import type { DigestPicks } from './digest-select.js';
import { leadDashboardUrl, leadLabel, localDay, onOwnerClock, ownerDashboardUrl } from './format.js';
import type { OwnerProfile } from './owner-profile.js';
import { localDate } from '../schedule/local-time.js';
import { teamStrings } from './strings.js';

/** Entries per section; the rest are counted ("and 12 more") and wait in the dashboard. */
const PER_SECTION = 10;

const leadOf = (m: TeamMoment) => (m.data.lead ?? { id: m.leadId }) as Pick<Lead, 'id' | 'name'> & { company?: string };

function section(title: string, moments: TeamMoment[], line: (m: TeamMoment) => string, publicUrl: string): MessageSection[] {
  if (!moments.length) return [];
  const items: MessageItem[] = moments.slice(0, PER_SECTION).map((m) => ({ text: line(m), url: leadDashboardUrl(publicUrl, m.leadId) }));
  return [{ title, items, more: Math.max(0, moments.length - PER_SECTION) }];
}

/**
 * The owner's morning message: today's follow-ups, overdue tasks, stale deals, hot leads and
 * wins since the last digest, each entry linking to the lead; a short note when there is nothing.
 */
export function digestMessage(owner: OwnerProfile, date: string, picks: DigestPicks, ctx: { publicUrl: string; since: Date }): TeamMessage {
  const s = teamStrings(owner.locale);
  const zh = owner.locale.toLowerCase().startsWith('zh');
  const label = (m: TeamMoment) => {
    const lead = leadOf(m);
    return leadLabel({ id: lead.id, name: lead.name, attributes: lead.company ? { company: lead.company } : undefined }, owner.locale);
  };
  const clock = (d: Date | undefined) => (d ? onOwnerClock(d, owner.timezone, owner.locale) : '');
  const time = (d: Date | undefined) => clock(d).slice(-5);
  const sep = ' · ';
  const counted = (title: string, n: number) => (zh ? `${title}（${n}）` : `${title} (${n})`);
  const sections = [
    ...section(counted(s.digest.today, picks.today.length), picks.today, (m) => [label(m), m.title, time(m.dueAt)].join(sep), ctx.publicUrl),
    ...section(counted(s.digest.overdue, picks.overdue.length), picks.overdue.map((o) => o.moment), (m) => {
      const count = picks.overdue.find((o) => o.moment === m)!.count;
      return [label(m), m.title, `${s.due} ${clock(m.dueAt)}${count > 1 ? ` ×${count}` : ''}`].join(sep);
    }, ctx.publicUrl),
    ...section(counted(s.digest.stale, picks.stale.length), picks.stale, (m) => [label(m), m.stage ? s.stage[m.stage as Stage] : '', s.digest.staleSince(localDay(localDate(m.at, owner.timezone), owner.locale))].filter(Boolean).join(sep), ctx.publicUrl),
    ...section(counted(s.digest.hot, picks.hot.length), picks.hot, (m) => [label(m), ((m.data.hot as { events?: string[] } | undefined)?.events ?? []).map(s.event).join(zh ? '、' : ', ')].filter(Boolean).join(sep), ctx.publicUrl),
    ...section(counted(s.digest.won(localDay(localDate(ctx.since, owner.timezone), owner.locale)), picks.won.length), picks.won, (m) => label(m), ctx.publicUrl),
  ];
  const counts = { today: picks.today.length, overdue: picks.overdue.length, stale: picks.stale.length, hot: picks.hot.length, won: picks.won.length };
  return {
    kind: TEAM_MESSAGES.digest,
    locale: owner.locale,
    tone: counts.overdue || counts.stale ? 'warning' : 'info',
    title: s.digest.title(owner.name, localDay(date, owner.locale)),
    text: sections.length ? s.digest.summary(counts) : s.digest.empty,
    why: owner.digest ? s.digest.why(owner.digest.time) : undefined,
    fields: [],
    sections,
    links: [{ label: s.digest.dashboard, url: ownerDashboardUrl(ctx.publicUrl, owner.id) }],
    mention: owner.listed ? { name: owner.name, ...owner.identity } : undefined,
    moreLabel: s.more,
  };
}
