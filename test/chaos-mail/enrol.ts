const CONCURRENCY = 16;

/** Where to enrol, whom, and until when to keep trying. */
export interface EnrolOptions {
  api(path: string, body?: unknown): Promise<Response>;
  /** Lead id → address. */
  leads: Map<string, string>;
  deadline: number;
}

/**
 * Enrols every lead through POST /api/leads as a CRM or a form backend would: a 503 (Temporal
 * away, mid-restart) or a refused connection is retried after a pause; anything else but 202 fails
 * the run.
 */
export async function enrolAll({ api, leads, deadline }: EnrolOptions): Promise<{ seconds: number; retries: number }> {
  const started = Date.now();
  const queue = [...leads.entries()];
  let retries = 0;
  async function enrolOne(id: string, email: string): Promise<void> {
    for (;;) {
      const res = await api('/api/leads', { id, email, name: `Lead ${id}`, timezone: 'UTC', locale: 'en' }).catch(() => undefined);
      if (res?.status === 202) return;
      if (res && res.status !== 503) throw new Error(`POST /api/leads answered ${res.status}: ${await res.text()}`);
      if (Date.now() > deadline) throw new Error(`POST /api/leads still failing at the deadline (${res?.status ?? 'no answer'})`);
      retries += 1;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await enrolOne(...next);
    }),
  );
  return { seconds: Math.round((Date.now() - started) / 1000), retries };
}
