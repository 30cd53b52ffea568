/**
 * An access token cached until shortly before it expires and refreshed single-flight: however
 * many calls find it stale at once, one refresh runs and all of them wait for it. Vendors limit
 * refreshes (Zoho: 10 per 10 minutes; Fxiaoke: no concurrent calls), so this matters.
 */
export interface Token<T> {
  value: T;
  /** How long the vendor says it lives. */
  expiresInMs: number;
}

export function tokenCache<T>(refresh: () => Promise<Token<T>>, opts: { refreshEarlyMs?: number; maxAgeMs?: number; now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  let current: { value: T; until: number } | undefined;
  let inflight: Promise<T> | undefined;
  let refreshes = 0;

  async function fetchNew(): Promise<T> {
    refreshes += 1;
    const token = await refresh();
    const life = Math.min(token.expiresInMs - (opts.refreshEarlyMs ?? 60_000), opts.maxAgeMs ?? Infinity);
    current = { value: token.value, until: now() + Math.max(life, 0) };
    return token.value;
  }

  return {
    async get(): Promise<T> {
      if (current && now() < current.until) return current.value;
      inflight ??= fetchNew().finally(() => (inflight = undefined));
      return inflight;
    },
    /** Drops a token the vendor rejected, unless another call already replaced it. */
    invalidate(rejected?: T): void {
      if (!current || rejected === undefined || current.value === rejected) current = undefined;
    },
    /** How many refreshes ran: for tests and metrics. */
    get refreshes() {
      return refreshes;
    },
  };
}
