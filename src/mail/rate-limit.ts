/**
 * A token bucket shared by every send in the process. After an outage the overdue steps of many
 * leads fall due at once; the bucket spreads them out at the configured rate instead of
 * hammering the SMTP relay (and its reputation with inbox providers).
 */
export function rateLimiter(perSecond: number, burst = Math.max(1, Math.ceil(perSecond))) {
  let tokens = burst;
  let last = Date.now();
  let queue = Promise.resolve();
  const refill = () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
  };
  return {
    /** Resolves when this caller may send; callers are served in arrival order. */
    acquire(): Promise<void> {
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await new Promise((r) => setTimeout(r, ((1 - tokens) / perSecond) * 1000));
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;
