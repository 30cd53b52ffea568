import { TEAM_MESSAGES } from '../domain/alert-rules.js';
import { OWNER_EMAIL, SERVICES, type Service } from '../domain/team-chat.js';
import type { Team } from '../domain/team.js';
import type { Env } from '../env.js';
import type { Mailer } from '../mail/mailer.js';
import type { TeamMessage } from '../notify/message.js';
import { createNotifier } from '../notify/registry.js';
import { keywordOf, resolveDestination, TeamConfigError } from './destinations.js';
import { ownerProfile } from './owner-profile.js';
import { teamStrings } from './strings.js';

/** How one destination answered a test message. */
export interface CheckResult {
  destination: string;
  service: Service;
  outcome: 'ok' | 'failed' | 'unconfigured';
  detail: string;
  ms?: number;
}

export interface CheckOptions {
  team: Team;
  env: Env;
  mailer?: Mailer;
  mailFrom?: string;
  publicUrl: string;
  /** Only these destination names (team.yaml names, or `email:<owner>`). */
  only?: string[];
}

const IDENTITY: Partial<Record<Service, 'wecom' | 'dingtalk' | 'feishu' | 'slack'>> = { wecom: 'wecom', dingtalk: 'dingtalk', feishu: 'feishu', slack: 'slack' };

/** Owners whose messages reach a chat where they cannot be mentioned: worth a line in `team check`. */
export function mentionGaps(team: Team): string[] {
  const gaps: string[] = [];
  for (const id of Object.keys(team.owners)) {
    const owner = ownerProfile(team, id);
    for (const name of owner.notify) {
      const service = name === OWNER_EMAIL ? SERVICES.email : team.destinations[name]?.service;
      const identity = service && IDENTITY[service];
      if (identity && !owner.identity[identity]) gaps.push(`${id}: no ${identity} identity in team.yaml, so messages in ${name} will not mention them`);
    }
  }
  return gaps;
}

/** The test message of a destination, in the language of an owner it serves. */
export function checkMessage(team: Team, label: string, publicUrl: string, servedName = label): TeamMessage {
  const owners = Object.keys(team.owners).map((id) => ownerProfile(team, id));
  const user = owners.find((o) => o.id === servedName) ?? owners.find((o) => o.notify.includes(servedName));
  const locale = user?.locale ?? team.defaults.locale ?? 'en';
  const s = teamStrings(locale);
  return {
    kind: TEAM_MESSAGES.check,
    locale,
    tone: 'good',
    title: s.check.title,
    text: s.check.text(label),
    why: s.check.why,
    fields: [],
    sections: [],
    links: [{ label: s.digest.dashboard, url: `${publicUrl}/dashboard` }],
    moreLabel: s.more,
    keyword: keywordOf(team, servedName),
  };
}

/**
 * Sends a test message to every destination of team.yaml, and to every owner who is told by
 * e-mail, and says how each answered: a wrong key, a signature or clock problem, a missing
 * keyword, an archived channel, a variable that is not set.
 */
export async function checkDestinations(opts: CheckOptions): Promise<CheckResult[]> {
  const { team } = opts;
  const targets: { name: string; label: string; owner?: string }[] = Object.keys(team.destinations).map((name) => ({ name, label: name }));
  for (const id of Object.keys(team.owners)) {
    const owner = ownerProfile(team, id);
    if (owner.notify.includes(OWNER_EMAIL)) targets.push({ name: OWNER_EMAIL, label: `${OWNER_EMAIL}:${id}`, owner: id });
  }
  const results: CheckResult[] = [];
  for (const target of targets.filter((t) => !opts.only?.length || opts.only.includes(t.label))) {
    const message = checkMessage(team, target.label, opts.publicUrl, target.owner ?? target.name);
    const service = target.name === OWNER_EMAIL ? SERVICES.email : team.destinations[target.name]!.service;
    const started = Date.now();
    try {
      const dest = resolveDestination(team, target.name, target.owner ? ownerProfile(team, target.owner) : undefined, opts.env);
      await createNotifier(dest, { mailer: opts.mailer, mailFrom: opts.mailFrom }).send(message, { key: `team-check/${target.label}/${started}` });
      results.push({ destination: target.label, service, outcome: 'ok', detail: 'test message delivered', ms: Date.now() - started });
    } catch (err) {
      results.push({ destination: target.label, service, outcome: err instanceof TeamConfigError ? 'unconfigured' : 'failed', detail: (err as Error).message });
    }
  }
  return results;
}
