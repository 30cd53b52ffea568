import { MOMENTS, type MomentKind } from '../domain/alert-rules.js';
import type { Lead } from '../domain/lead.js';
import type { Stage } from '../domain/stages.js';
import type { MessageField, MessageTone, TeamMessage } from '../notify/message.js';
import { crmRecordLinks, leadDashboardUrl, leadLabel, onOwnerClock } from './format.js';
import type { OwnerProfile } from './owner-profile.js';
import { spokenDuration, teamStrings } from './strings.js';

/** What happened, as the journey (or a task) tells it: the facts a message is made of. */
export interface MomentFacts {
  kind: MomentKind;
  lead: Lead;
  stage: Stage;
  /** When it happened (workflow time). */
  at: string;
  /** `every`: the cadence of a follow-up, the quiet spell of a stale alert (`2d`, `10d`). */
  task?: { title: string; notes?: string; dueAt?: string; dueMovedFrom?: string; every?: string };
  hot?: { events: string[]; score?: number };
  /** The answer behind a low-score task. */
  survey?: { name: string; score: number; max: number };
  stageChange?: { from?: Stage; source?: string };
  error?: string;
}

export interface MessageContext {
  /** The lead's owner; absent for an unassigned lead (the team's default destinations hear of it). */
  owner?: OwnerProfile;
  /** The zone and language when there is no owner. */
  fallback: { timezone: string; locale: string };
  publicUrl: string;
  crmRecordUrls?: Record<string, string>;
  urgent: boolean;
}

const TONE: Record<MomentKind, MessageTone> = {
  [MOMENTS.followUp]: 'info',
  [MOMENTS.stale]: 'warning',
  [MOMENTS.sequenceTask]: 'info',
  [MOMENTS.lowScore]: 'alert',
  [MOMENTS.hot]: 'warning',
  [MOMENTS.won]: 'good',
  [MOMENTS.lost]: 'info',
  [MOMENTS.crmWriteFailed]: 'alert',
};

/**
 * The message for one moment, in the owner's language and on the owner's clock: who (the lead,
 * its company), what (the task, the event), why now (the rule or event), the due time, and links
 * to the lead in the dashboard and to its CRM records. The owner is mentioned wherever they have
 * an identity in the destination's service.
 */
export function momentMessage(facts: MomentFacts, ctx: MessageContext): TeamMessage {
  const locale = ctx.owner?.locale ?? ctx.fallback.locale;
  const zone = ctx.owner?.timezone ?? ctx.fallback.timezone;
  const s = teamStrings(locale);
  const who = leadLabel(facts.lead, locale);
  const stage = s.stage[facts.stage];
  const fields: MessageField[] = [{ label: s.stageLabel, value: stage }];
  let text = facts.task?.title ?? who;
  let why: string | undefined;
  switch (facts.kind) {
    case MOMENTS.followUp:
      why = s.why.followUp(stage, spokenDuration(facts.task?.every, locale));
      break;
    case MOMENTS.stale:
      text = s.staleText(who, stage, spokenDuration(facts.task?.every, locale));
      why = s.why.stale(stage);
      break;
    case MOMENTS.sequenceTask:
      why = s.why.sequence;
      break;
    case MOMENTS.lowScore:
      why = s.why.lowScore;
      if (facts.survey) text = s.lowScoreText(who, facts.survey.name, facts.survey.score, facts.survey.max);
      if (facts.task?.notes) text = `${text} “${facts.task.notes}”`;
      break;
    case MOMENTS.hot:
      text = `${who} ${(facts.hot?.events ?? []).map(s.event).join(', ')}`.trim();
      why = s.why.hot((facts.hot?.events ?? []).map(s.event).join(', ') || '—', facts.hot?.score);
      break;
    case MOMENTS.won:
    case MOMENTS.lost:
      text = facts.kind === MOMENTS.won ? s.wonText(who) : s.lostText(who);
      why = facts.stageChange?.from ? s.why.stage(s.stage[facts.stageChange.from], facts.stageChange.source ?? 'api') : undefined;
      break;
    case MOMENTS.crmWriteFailed:
      text = facts.error ?? text;
      why = s.why.crm;
      break;
  }
  if (facts.task?.dueAt) {
    const moved = facts.task.dueMovedFrom ? s.dueMoved(onOwnerClock(facts.task.dueMovedFrom, zone, locale)) : '';
    fields.push({ label: s.due, value: `${onOwnerClock(facts.task.dueAt, zone, locale)}${moved}` });
  }
  fields.push({ label: s.owner, value: ctx.owner?.name ?? s.unassigned });
  return {
    kind: facts.kind,
    locale,
    tone: ctx.urgent && TONE[facts.kind] !== 'good' ? 'alert' : TONE[facts.kind],
    title: s.title[facts.kind](who),
    text,
    why,
    fields,
    sections: [],
    links: [{ label: s.dashboard, url: leadDashboardUrl(ctx.publicUrl, facts.lead.id) }, ...crmRecordLinks(facts.lead, ctx.crmRecordUrls)],
    mention: ctx.owner?.listed ? { name: ctx.owner.name, ...ctx.owner.identity } : undefined,
    moreLabel: s.more,
  };
}
