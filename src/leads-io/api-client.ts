/** The server answered what a retry will not change (400, 401, 404…): the row, or the whole run, fails. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const RETRIES = 6;

/**
 * A small client of a running leadflow's API for the CLI (`leads import`, `leads export`): bearer
 * token, JSON, and retries that honour `Retry-After` on 429 and 503 (Temporal busy or away), so a
 * long import rides out a restart instead of rejecting rows.
 */
export function leadflowApi(baseUrl: string, token: string) {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      } catch (err) {
        if (attempt >= RETRIES) throw new Error(`cannot reach leadflow at ${baseUrl}: ${(err as Error).message}`, { cause: err });
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
        continue;
      }
      if ((res.status === 429 || res.status === 503 || res.status >= 500) && attempt < RETRIES) {
        const after = Number(res.headers.get('retry-after'));
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, Number.isFinite(after) && after > 0 ? Math.min(after, 30) * 1000 : 500 * 2 ** attempt));
        continue;
      }
      const text = await res.text();
      const json = text ? (JSON.parse(text) as { message?: string }) : {};
      if (!res.ok) throw new ApiError(res.status, json.message ?? `HTTP ${res.status}`);
      return json;
    }
  }
  return {
    enrol: (lead: unknown) => call('POST', '/api/leads', lead),
    get: (path: string) => call('GET', path),
  };
}

/** The calls the CLI makes. */
export type LeadflowApi = ReturnType<typeof leadflowApi>;
