import { request } from 'undici';

export interface Delivery<M> {
  /** What the sender says this delivery is (an event, a notification). */
  about: M;
  attempts: number;
  /** The last HTTP status, or 0 when the request itself failed. */
  status: number;
  delivered: boolean;
}

/**
 * How a CRM fake posts to leadflow: in the background, redelivering with backoff after a 5xx,
 * a 429 or no answer, and giving up at once on any other 4xx (HubSpot's documented rule).
 * `build(attempt)` makes each attempt's headers and body (a fresh signature, an attempt number).
 */
export function webhookDeliveries<M>(opts: { maxAttempts: number; firstRetryMs: number }) {
  const deliveries: Delivery<M>[] = [];
  const inFlight = new Set<Promise<void>>();

  async function run(d: Delivery<M>, target: string, build: (attempt: number) => { headers: Record<string, string>; body: string }): Promise<void> {
    for (let attempt = 0; attempt < opts.maxAttempts; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, opts.firstRetryMs * 2 ** (attempt - 1)));
      const { headers, body } = build(attempt);
      d.attempts = attempt + 1;
      try {
        const res = await request(target, { method: 'POST', headers, body });
        await res.body.dump();
        d.status = res.statusCode;
      } catch {
        d.status = 0;
      }
      if (d.status >= 200 && d.status < 300) {
        d.delivered = true;
        return;
      }
      if (d.status >= 400 && d.status < 500 && d.status !== 429) return;
    }
  }

  return {
    deliveries,
    send(target: string, about: M, build: (attempt: number) => { headers: Record<string, string>; body: string }): void {
      const d: Delivery<M> = { about, attempts: 0, status: 0, delivered: false };
      deliveries.push(d);
      const p = run(d, target, build).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    /** Resolves once every delivery so far has been taken or given up. */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
