/** The environment as a plain record, passed as a parameter so tests can hand in their own. */
export type Env = Record<string, string | undefined>;

export function processEnv(): Env {
  return process.env;
}
