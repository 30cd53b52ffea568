import { z } from 'zod';
import type { CrmRecordState } from '../connector.js';
import { unexpected, type HubspotClient } from './client.js';

/** HubSpot's batch read takes at most 100 ids. */
const IDS_PER_CALL = 100;

const versionSchema = z.looseObject({ value: z.string(), timestamp: z.string() });
const dealSchema = z.looseObject({
  id: z.string(),
  updatedAt: z.string().optional(),
  properties: z.looseObject({ dealstage: z.string().nullish() }),
  propertiesWithHistory: z.looseObject({ dealstage: z.array(versionSchema).optional() }).optional(),
});
/** 200, or 207 with `errors` naming ids it could not find (deleted deals): those are simply absent. */
const batchSchema = z.looseObject({ results: z.array(dealSchema) });

const utc = (iso: string | undefined) => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString() : undefined);

/**
 * The deals' stage now, and when the stage itself last changed: `propertiesWithHistory` gives
 * dealstage's own versions, so an edit of the amount after a stage change is not taken for one.
 */
export async function readDealStages(api: HubspotClient, ids: string[]): Promise<CrmRecordState[]> {
  const states: CrmRecordState[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    const chunk = ids.slice(i, i + IDS_PER_CALL);
    const what = `HubSpot batch read of ${chunk.length} deal(s)`;
    const json = await api.call('POST', '/crm/v3/objects/deals/batch/read', what, {
      properties: ['dealstage', 'pipeline'],
      propertiesWithHistory: ['dealstage'],
      inputs: chunk.map((id) => ({ id })),
    });
    const parsed = batchSchema.safeParse(json);
    if (!parsed.success) throw unexpected(what, parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
    for (const deal of parsed.data.results) {
      const latest = [...(deal.propertiesWithHistory?.dealstage ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))[0];
      states.push({ id: deal.id, crmStage: deal.properties.dealstage ?? undefined, modifiedAt: utc(deal.updatedAt), stageChangedAt: utc(latest?.timestamp) });
    }
  }
  return states;
}
