import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** One JSON shape for every client error: a code, a sentence, and the fields at fault. */
export interface Problem {
  error: string;
  message: string;
  issues?: { field: string; problem: string }[];
}

export function problem(status: ContentfulStatusCode, body: Problem, headers: Record<string, string> = {}): HTTPException {
  return new HTTPException(status, {
    res: new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } }),
  });
}

export function validationProblem(error: ZodError, target: string): Problem {
  const issues = error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : target, problem: i.message }));
  return {
    error: 'invalid_request',
    message: issues.map((i) => `${i.field}: ${i.problem}`).join('; '),
    issues,
  };
}
