import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { problem, validationProblem } from './problems.js';

/** zod-openapi's hook: a failed validation becomes a 400 naming each field and its problem. */
export function validationHook(result: { success: boolean; error?: unknown; target: string }, _c: Context): void {
  if (!result.success) throw problem(400, validationProblem(result.error as ZodError, result.target));
}
