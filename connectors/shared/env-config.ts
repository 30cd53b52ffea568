import type { z } from 'zod';

export interface EnvConfigSpec<S extends z.ZodObject> {
  /** Shown in errors: "invalid Zoho configuration". */
  label: string;
  schema: S;
  /** The environment variable of each config key. */
  names: Record<keyof z.input<S> & string, string>;
  /** The variable whose presence turns the connector on. */
  switch: string;
  /** Turns a variable's text into what the schema takes (numbers, lists, seconds → ms). */
  read?: Partial<Record<keyof z.input<S> & string, (text: string) => unknown>>;
}

/**
 * A connector's configuration from the environment: undefined when its switch variable is unset
 * (the connector is off); otherwise parsed, with every problem naming its variable. Blank
 * variables count as unset.
 */
export function configFromEnv<S extends z.ZodObject>(spec: EnvConfigSpec<S>, env: Record<string, string | undefined>): z.infer<S> | undefined {
  const get = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (!get(spec.switch)) return undefined;
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(spec.names) as [string, string][]) {
    const text = get(name);
    const read = (spec.read as Record<string, ((t: string) => unknown) | undefined> | undefined)?.[key];
    raw[key] = text === undefined ? undefined : read ? read(text) : text;
  }
  const parsed = spec.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const key = String(i.path[0]);
    const name = (spec.names as Record<string, string>)[key] ?? key;
    return raw[key] === undefined ? `${name} is required when ${spec.switch} is set` : `${name}: ${i.message}`;
  });
  throw new Error(`invalid ${spec.label} configuration:\n  ${lines.join('\n  ')}`);
}
