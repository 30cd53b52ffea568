import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * leadflow's Prometheus metrics, one registry per process: the HTTP server counts webhooks and
 * times hand-offs, the worker counts e-mails and CRM calls and times activities; in `start` both
 * live in one process and `/metrics` shows all. Labels never carry a lead, an address or a name.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadflow_process_' });
  const on = { registers: [registry] };
  return {
    registry,
    webhooks: new Counter({ name: 'leadflow_webhooks_total', help: 'Webhook deliveries by connector (zoho, hubspot, mail/sendgrid…) and HTTP status', labelNames: ['connector', 'status'] as const, ...on }),
    handOff: new Histogram({ name: 'leadflow_handoff_seconds', help: 'From request to answer for requests handed to Temporal (enrolments, events, webhooks), by route and status', labelNames: ['route', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20], ...on }),
    emails: new Counter({ name: 'leadflow_emails_total', help: 'Send attempts by outcome: sent, duplicate (a retry after the mail went out), suppressed, failed', labelNames: ['outcome', 'category'] as const, ...on }),
    crmCalls: new Counter({ name: 'leadflow_crm_calls_total', help: 'CRM writes by connector, kind (stage, task, note) and outcome', labelNames: ['connector', 'kind', 'status'] as const, ...on }),
    activitySeconds: new Histogram({ name: 'leadflow_activity_seconds', help: 'Activity execution time by activity type and result', labelNames: ['activity', 'result'] as const, buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], ...on }),
    activityFailures: new Counter({ name: 'leadflow_activity_failures_total', help: 'Activity attempts that failed (and will be retried unless non-retryable), by activity type', labelNames: ['activity'] as const, ...on }),
    journeys: new Gauge({ name: 'leadflow_journeys', help: 'Leads by current stage, from the event log', labelNames: ['stage'] as const, ...on }),
    backlog: new Gauge({ name: 'leadflow_task_queue_backlog', help: 'Tasks waiting on the task queue for a worker (Temporal approximate backlog), by kind', labelNames: ['task_queue', 'kind'] as const, ...on }),
  };
}

let instance: ReturnType<typeof createMetrics> | undefined;

/** This process's metrics, made on first use. */
export function leadflowMetrics() {
  return (instance ??= createMetrics());
}

/** The metric objects of one process. */
export type LeadflowMetrics = ReturnType<typeof createMetrics>;
