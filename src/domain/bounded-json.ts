import { z } from 'zod';

/**
 * Limits of free-form JSON (an event's `data`). It travels to Temporal inside a signal and lives in
 * the journey's state for months: 5,000 levels of nesting once overflowed the stack of the payload
 * converter (a 500), and a large blob would bloat every continue-as-new.
 */
export const DATA_LIMITS = { depth: 8, size: 16 * 1024 } as const;

/**
 * What is wrong with `value` as bounded JSON, or undefined. Iterative, so that a hostile depth
 * cannot overflow the stack of the check itself; it stops at the first limit crossed.
 */
export function jsonShapeProblem(value: unknown, limits: { depth: number; size: number } = DATA_LIMITS): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  let size = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node !== null && typeof node === 'object') {
      if (depth > limits.depth) return `must not nest deeper than ${limits.depth} levels`;
      const entries = Array.isArray(node) ? node.map((v) => ['', v] as const) : Object.entries(node);
      for (const [key, child] of entries) {
        size += key.length + 2;
        stack.push([child, depth + 1]);
      }
    } else if (typeof node === 'string') {
      size += node.length + 2;
    } else if (typeof node === 'number' || typeof node === 'boolean') {
      size += 8;
    } else if (node !== null) {
      return 'must be plain JSON';
    }
    if (size > limits.size) return `must be at most ${limits.size / 1024} KiB of JSON`;
  }
  return undefined;
}

/** An object of free-form JSON within DATA_LIMITS; built anew on each call (for journeyValidators, src/domain/journey-validators.ts). */
export const buildBoundedDataSchema = () =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonShapeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** An object of free-form JSON within DATA_LIMITS. */
export const boundedDataSchema = buildBoundedDataSchema();
