import { OWNER_EMAIL, SERVICES, type Destination, type Service } from '../domain/team-chat.js';
import type { Team } from '../domain/team.js';
import type { Env } from '../env.js';
import type { ResolvedDestination } from '../notify/registry.js';
import type { OwnerProfile } from './owner-profile.js';

/** A destination cannot be used: a variable it names is unset, or the owner has no address. */
export class TeamConfigError extends Error {
  override name = 'TeamConfigError';
}

/**
 * The queue a destination's messages wait in: a robot is one queue whoever it serves (its limit
 * is per robot); each owner's own e-mail is a queue of its own.
 */
export function destinationId(name: string, owner: string | undefined): string {
  return name === OWNER_EMAIL ? `${OWNER_EMAIL}:${owner ?? 'team'}` : name;
}

/** The service of a destination name, before any secret is read. */
export function serviceOf(team: Team, name: string): Service | undefined {
  if (name === OWNER_EMAIL) return SERVICES.email;
  return Object.hasOwn(team.destinations, name) ? team.destinations[name]!.service : undefined;
}

/** Reads the variables a destination names, through the environment handed in (never process.env). */
export function resolveDestination(team: Team, name: string, owner: Pick<OwnerProfile, 'id' | 'email'> | undefined, env: Env): ResolvedDestination {
  if (name === OWNER_EMAIL) {
    if (!owner?.email) throw new TeamConfigError(`owner ${owner?.id ?? '(none)'} has no email in team.yaml`);
    return { service: SERVICES.email, to: owner.email };
  }
  if (!Object.hasOwn(team.destinations, name)) throw new TeamConfigError(`no destination "${name}" in team.yaml`);
  const dest: Destination = team.destinations[name]!;
  const read = (variable: string) => {
    const value = env[variable]?.trim();
    if (!value) throw new TeamConfigError(`${variable} is not set (destination ${name} in team.yaml)`);
    return value;
  };
  const optional = (variable: string | undefined) => (variable ? read(variable) : undefined);
  switch (dest.service) {
    case SERVICES.wecom:
      return { service: dest.service, key: read(dest.key) };
    case SERVICES.dingtalk:
      return { service: dest.service, accessToken: read(dest.accessToken), secret: optional(dest.secret) };
    case SERVICES.feishu:
      return { service: dest.service, webhook: read(dest.webhook), secret: optional(dest.secret) };
    case SERVICES.slack:
      return { service: dest.service, webhook: read(dest.webhook) };
    case SERVICES.email:
      return { service: dest.service, to: dest.to };
  }
}

/** The keyword a robot's security settings demand, if any. */
export function keywordOf(team: Team, name: string): string | undefined {
  const dest = Object.hasOwn(team.destinations, name) ? team.destinations[name] : undefined;
  return dest && 'keyword' in dest ? dest.keyword : undefined;
}
