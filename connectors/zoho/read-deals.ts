import type { CrmChange, CrmRecordState } from '../connector.js';
import { unexpected, type ZohoCall } from './client.js';
import { DEAL_FIELDS, recordListSchema, type ZohoDeal } from './responses.js';
import { toUtcIso } from './zoho-time.js';

/** Zoho reads at most 100 ids per call. */
const IDS_PER_CALL = 100;

/**
 * The current state of these records, one list call per 100 ids. Ids Zoho no longer has
 * (deleted since the notification) are simply absent.
 */
export async function fetchDeals(call: ZohoCall, module: string, ids: string[]): Promise<ZohoDeal[]> {
  const deals: ZohoDeal[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    const chunk = ids.slice(i, i + IDS_PER_CALL);
    const res = await call('GET', `/${encodeURIComponent(module)}`, { query: { ids: chunk.join(','), fields: DEAL_FIELDS } });
    if (res.status === 204) continue;
    const list = recordListSchema.safeParse(res.json);
    if (res.status !== 200 || !list.success) throw unexpected(res, `Zoho read ${module} ${chunk.join(',')}`);
    deals.push(...list.data.data);
  }
  return deals;
}

/** A deal as a change: its stage now, and its `Modified_Time` (in UTC) as when it happened. */
export function dealChange(module: string, deal: ZohoDeal, eventId: string): CrmChange {
  const name = deal.Contact_Name?.name ?? deal.Deal_Name ?? undefined;
  const owner = deal.Owner?.email ?? deal.Owner?.name ?? undefined;
  return {
    record: { connector: 'zoho', id: deal.id, module },
    eventId,
    crmStage: deal.Stage ?? undefined,
    occurredAt: toUtcIso(deal.Modified_Time),
    ...(name || owner ? { lead: { name, owner } } : {}),
    ...(typeof deal.Amount === 'number' && deal.Amount >= 0 ? { deal: { amount: deal.Amount, ...(deal.Currency ? { currency: deal.Currency } : {}) } } : {}),
  };
}

/** The deals' stage now; Zoho keeps no time per field, so `Modified_Time` (UTC) says when. */
export async function dealStates(call: ZohoCall, module: string, ids: string[]): Promise<CrmRecordState[]> {
  const deals = await fetchDeals(call, module, ids);
  return deals.map((d) => ({ id: d.id, crmStage: d.Stage ?? undefined, modifiedAt: toUtcIso(d.Modified_Time) }));
}
