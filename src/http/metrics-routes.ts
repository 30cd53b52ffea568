import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Hono, type MiddlewareHandler } from 'hono';
import { leadflowMetrics } from '../metrics/registry.js';
import type { InsightStore } from '../store/insight-store.js';

/** Where the scrape-time gauges come from. */
export interface MetricsOptions {
  client: Client;
  taskQueue: string;
  /** Journeys by stage are counted in the event log's lead summary, when there is one. */
  insight?: InsightStore;
  /** A scrape never waits longer than this on Temporal or the database. */
  deadlineMs?: number;
}

/** Requests that hand something to Temporal: the hand-off latency histogram's routes. */
const HAND_OFF = [/^\/api\/leads$/, /^\/api\/leads\/[^/]+\/events$/, /^\/api\/replies$/, /^\/webhooks\//];

/** Counts webhooks by connector and status, and times every hand-off to Temporal. */
export const requestMetrics: MiddlewareHandler = async (c, next) => {
  const path = c.req.path;
  const handOff = c.req.method === 'POST' && HAND_OFF.some((re) => re.test(path));
  const started = performance.now();
  try {
    await next();
  } finally {
    const status = String(c.res.status);
    const metrics = leadflowMetrics();
    if (path.startsWith('/webhooks/')) metrics.webhooks.inc({ connector: path.slice('/webhooks/'.length).split('/').slice(0, path.includes('/mail/') ? 2 : 1).join('/').slice(0, 40), status });
    // Routes, not paths: a lead id never becomes a label.
    if (handOff) metrics.handOff.observe({ route: path.startsWith('/webhooks/') ? '/webhooks/:connector' : path.endsWith('/events') ? '/api/leads/:id/events' : path, status }, (performance.now() - started) / 1000);
  }
};

const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('scrape deadline')), ms).unref())]);

/** `GET /metrics`: Prometheus text; the gauges that live elsewhere (stages, backlog) are read at scrape time. */
export function metricsRoutes({ client, taskQueue, insight, deadlineMs = 3_000 }: MetricsOptions) {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const metrics = leadflowMetrics();
    const stages = insight ? within(deadlineMs, insight.stageCounts()).then((rows) => {
      metrics.journeys.reset();
      for (const r of rows) metrics.journeys.set({ stage: r.stage }, r.leads);
    }) : Promise.resolve();
    const kinds = [['workflow', proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW], ['activity', proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]] as const;
    const backlog = kinds.map(([kind, type]) =>
      within(deadlineMs, client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: type, reportStats: true })).then((res) => {
        metrics.backlog.set({ task_queue: taskQueue, kind }, Number(res.stats?.approximateBacklogCount ?? 0));
      }),
    );
    // A gauge that cannot be read now keeps its last value; the scrape still answers.
    await Promise.allSettled([stages, ...backlog]);
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
  return app;
}
