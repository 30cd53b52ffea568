import type { Condition } from './journey-schema.js';
import { parseDuration } from './duration.js';

/** What a branch condition can see. Times are workflow milliseconds, so evaluation is deterministic. */
export interface ConditionContext {
  now: number;
  /** Evaluated events happened at or after this instant (the sequence's start). */
  since: number;
  events: ReadonlyArray<{ type: string; at: number }>;
  /** Lead fields (`locale`, `source`, `owner`, …) and `attributes.*`, flattened by dotted path. */
  lookup: (path: string) => unknown;
}

export function evaluateCondition(condition: Condition, ctx: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, ctx));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, ctx));
  if ('not' in condition) return !evaluateCondition(condition.not, ctx);
  if ('event' in condition) {
    const types = Array.isArray(condition.event) ? condition.event : [condition.event];
    const from = condition.within ? Math.max(ctx.since, ctx.now - parseDuration(condition.within)) : ctx.since;
    return ctx.events.some((e) => e.at >= from && types.includes(e.type));
  }
  const value = ctx.lookup(condition.attribute);
  if (condition.exists !== undefined && (value !== undefined && value !== null) !== condition.exists) return false;
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.in !== undefined && !condition.in.includes(value)) return false;
  return true;
}

/** Resolves `attributes.industry`, `locale`, `owner`… on a lead-shaped object. */
export function leadLookup(lead: Record<string, unknown>): (path: string) => unknown {
  return (path) => {
    let current: unknown = lead;
    for (const part of path.split('.')) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}
