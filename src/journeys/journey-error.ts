/** A problem in a journey file, named the way marketing ops can find it: file, path inside, line. */
export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${path ? `${path}: ` : ''}${problem}`);
  }
}

/** Several problems at once, so one `journeys validate` run shows them all. */
export class JourneyErrors extends Error {
  override name = 'JourneyErrors';
  constructor(readonly errors: JourneyError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** `steps[3].waitFor.timeout` from a zod issue path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
