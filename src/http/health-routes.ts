import { Hono } from 'hono';
import type { Client } from '@temporalio/client';

/** Liveness says the process answers; readiness says Temporal answers too. */
export function healthRoutes({ client }: { client: Client }) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await client.connection.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
      return c.json({ status: 'ready', temporal: 'ok' });
    } catch {
      c.header('retry-after', '5');
      return c.json({ status: 'not_ready', temporal: 'unreachable' }, 503);
    }
  });
  return app;
}
