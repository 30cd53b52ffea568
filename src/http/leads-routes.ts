import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { leadEventSchema } from '../domain/events.js';
import { leadIdSchema, leadSchema, leadWorkflowId } from '../domain/lead.js';
import { leadEventSignal, journeyQuery, upsertLeadSignal } from '../../workflows/messages.js';
import type { LeadJourneyFn } from '../../workflows/journey-input.js';
import { fromQueryFailure, handOff, MAY_HAVE_BEEN_ACCEPTED, withEnforcedDeadline } from './temporal-errors.js';
import { problem } from './problems.js';
import type { CrmStore } from '../store/crm-store.js';
import { validationHook } from './validation.js';
import { isKnownRegion } from '../calendar/library-holidays.js';

export interface LeadsRouteOptions {
  client: Client;
  taskQueue: string;
  /** Deadline of each Temporal call, so a lost connection becomes a 503 rather than a hang. */
  callTimeoutMs?: number;
  /** Where a lead's CRM links are kept, so CRM webhooks find the lead. */
  crm?: CrmStore;
}

const problemSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = {
  400: json(problemSchema, 'The request names the field at fault'),
  401: json(problemSchema, 'Missing or wrong bearer token'),
  503: json(problemSchema, `Temporal did not confirm in time (or no worker answered a query): ${MAY_HAVE_BEEN_ACCEPTED}; retry after Retry-After seconds`),
};
const accepted = z.object({ id: z.string(), workflowId: z.string(), status: z.literal('accepted') });
const idParam = z.object({ id: leadIdSchema });

const enrol = createRoute({
  method: 'post',
  path: '/api/leads',
  summary: 'Enrol a lead, or update one already enrolled',
  request: { body: { ...json(leadSchema, 'The lead; id is your stable key for it'), required: true } },
  responses: { 202: json(accepted, 'Durably handed to the lead\'s journey'), ...errors },
});

const show = createRoute({
  method: 'get',
  path: '/api/leads/{id}',
  summary: 'The journey as it stands: stage, history, what happens next and when, mail sent',
  request: { params: idParam },
  responses: { 200: json(z.record(z.string(), z.unknown()), 'The journey'), 404: json(problemSchema, 'No such lead'), ...errors },
});

const record = createRoute({
  method: 'post',
  path: '/api/leads/{id}/events',
  summary: 'Record a stage change or any journey event',
  request: { params: idParam, body: { ...json(leadEventSchema, 'The event; its id makes redelivery harmless'), required: true } },
  responses: { 202: json(accepted.extend({ eventId: z.string() }), 'Durably handed to the lead\'s journey'), 404: json(problemSchema, 'No such lead'), ...errors },
});

export function leadsRoutes({ client, taskQueue, callTimeoutMs = 10_000, crm }: LeadsRouteOptions) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const temporal = (leadId?: string) => ({ client, timeoutMs: callTimeoutMs, leadId });

  app.openapi(enrol, async (c) => {
    const lead = c.req.valid('json');
    if (lead.region && !isKnownRegion(lead.region)) {
      const message = `${lead.region} is not a region with public holidays leadflow knows; use an ISO 3166-2 code such as DE-BE, GB-SCT or AU-NSW`;
      throw problem(400, { error: 'invalid_request', message: `region: ${message}`, issues: [{ field: 'region', problem: message }] });
    }
    const workflowId = leadWorkflowId(lead.id);
    const taken = lead.crm?.length && crm ? await crm.link(lead.id, lead.crm) : [];
    if (taken.length) {
      const which = taken.map((r) => `${r.connector} record ${r.id}`).join(', ');
      throw problem(409, { error: 'record_linked_elsewhere', message: `${which} is already linked to another lead`, issues: taken.map(() => ({ field: 'crm', problem: 'already linked to another lead' })) });
    }
    await handOff(temporal(), () =>
      client.workflow.signalWithStart<LeadJourneyFn, [typeof lead]>('leadJourney', {
        workflowId,
        taskQueue,
        args: [{ lead }],
        signal: upsertLeadSignal,
        signalArgs: [lead],
      }),
    );
    return c.json({ id: lead.id, workflowId, status: 'accepted' as const }, 202);
  });

  app.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const view = await withEnforcedDeadline(client, callTimeoutMs, () => client.workflow.getHandle(leadWorkflowId(id)).query(journeyQuery)).catch((err) => fromQueryFailure(client, err, id));
    return c.json(view as unknown as Record<string, unknown>, 200);
  });

  app.openapi(record, async (c) => {
    const { id } = c.req.valid('param');
    const event = c.req.valid('json');
    const workflowId = leadWorkflowId(id);
    await handOff(temporal(id), () => client.workflow.getHandle(workflowId).signal(leadEventSignal, event));
    return c.json({ id, workflowId, eventId: event.id, status: 'accepted' as const }, 202);
  });

  return app;
}
