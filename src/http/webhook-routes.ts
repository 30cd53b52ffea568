import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CrmError, CrmInboundError } from '../../connectors/errors.js';
import type { Connectors } from '../crm/configured.js';
import { handOffChanges } from '../crm/handoff.js';
import type { CrmStore } from '../store/crm-store.js';
import { problem } from './problems.js';
import { handOff, MAY_HAVE_BEEN_ACCEPTED, UNAVAILABLE_ERRORS } from './temporal-errors.js';

const HANDOFF_DEADLINE_MS = 20_000;

export interface WebhookOptions {
  client: Client;
  taskQueue: string;
  connectors: Connectors;
  crm: CrmStore;
}

/**
 * `POST /webhooks/:connector`: authenticity on the raw bytes first, then the vendor's payload
 * becomes one lead event per record, handed to Temporal; 202 only once every one is there.
 */
export function webhookRoutes({ client, taskQueue, connectors, crm }: WebhookOptions) {
  const app = new Hono();
  app.post('/webhooks/:connector', async (c) => {
    const connector = connectors.get(c.req.param('connector'));
    if (!connector) throw problem(404, { error: 'unknown_connector', message: `no connector "${c.req.param('connector')}" is configured` });
    const req = { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body: new Uint8Array(await c.req.arrayBuffer()) };
    const verified = connector.verify(req);
    if (!verified.ok) throw problem(401, { error: 'bad_signature', message: verified.problem });
    let changes;
    try {
      changes = await connector.parse(req);
    } catch (err) {
      if (err instanceof CrmInboundError) throw problem(400, { error: 'invalid_payload', message: err.message });
      // Zoho sends ids only and we fetch the records: if its API is away, the sender should retry.
      if (err instanceof CrmError) throw problem(503, { error: UNAVAILABLE_ERRORS.crm, message: `${connector.name}: ${err.message}` }, { 'retry-after': '30' });
      throw err;
    }
    try {
      const result = await handOff({ client, timeoutMs: HANDOFF_DEADLINE_MS }, () => handOffChanges(client, taskQueue, crm, connector, changes));
      return c.json(result, 202);
    } catch (err) {
      if (err instanceof HTTPException) throw err;
      // The link table is away (database down): changes before the failure may be in; the sender retries.
      throw problem(503, { error: UNAVAILABLE_ERRORS.store, message: `leadflow cannot reach its database: ${MAY_HAVE_BEEN_ACCEPTED}` }, { 'retry-after': '30' });
    }
  });
  return app;
}
