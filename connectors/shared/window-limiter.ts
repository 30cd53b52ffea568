/**
 * At most `max` calls in any `windowMs` (Fxiaoke: 100 per 20 s; HubSpot: 100–190 per 10 s), at most
 * `concurrency` at once (Zoho's per-org concurrency), and a pause when the vendor says wait.
 */
export function windowLimiter(opts: { max: number; windowMs: number; concurrency?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const started: number[] = [];
  let running = 0;
  let pausedUntil = 0;
  let queue = Promise.resolve();

  async function slot(): Promise<void> {
    for (;;) {
      const t = now();
      while (started.length && started[0]! <= t - opts.windowMs) started.shift();
      const waitPause = pausedUntil - t;
      const waitWindow = started.length >= opts.max ? started[0]! + opts.windowMs - t : 0;
      const waitConcurrency = opts.concurrency && running >= opts.concurrency ? 25 : 0;
      const wait = Math.max(waitPause, waitWindow, waitConcurrency);
      if (wait <= 0) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    started.push(now());
    running += 1;
  }

  return {
    /** Runs `fn` when the limits allow; callers are admitted in arrival order. */
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const turn = queue.then(slot);
      queue = turn.catch(() => undefined);
      await turn;
      try {
        return await fn();
      } finally {
        running -= 1;
      }
    },
    /** The vendor said wait (429 Retry-After, a per-second limit error): nobody calls before then. */
    pause(ms: number): void {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

export type WindowLimiter = ReturnType<typeof windowLimiter>;
