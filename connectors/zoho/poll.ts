import { z } from 'zod';
import type { CrmChange } from '../connector.js';
import { CrmError } from '../errors.js';
import { unexpected, type ZohoCall } from './client.js';
import { dealChange } from './read-deals.js';
import { DEAL_FIELDS, recordListSchema, type ZohoDeal } from './responses.js';
import { parseDateTime, toZohoDateTime } from './zoho-time.js';

/**
 * Where a poll stopped: the last `Modified_Time` returned and every id returned at that very
 * second. Zoho keeps whole seconds and sorts ties in no documented order, so a (time, last id)
 * keyset could skip or repeat records that share the second; the set of ids cannot.
 */
const cursorSchema = z.object({ t: z.string().min(1), ids: z.array(z.string().min(1)) });
type Cursor = z.infer<typeof cursorSchema> & { ms: number };

/** Zoho's largest page. */
const MAX_PER_PAGE = 200;

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const c = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { ...c, ms: parseDateTime(c.t, 'cursor') };
  } catch (err) {
    throw new CrmError(`Zoho poll: the cursor is not one this connector wrote: ${cursor}`, false, { cause: err });
  }
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ t: c.t, ids: c.ids })).toString('base64url');
}

async function listPage(call: ZohoCall, module: string, sinceMs: number | undefined, page: number, perPage: number) {
  const res = await call('GET', `/${encodeURIComponent(module)}`, {
    query: { fields: DEAL_FIELDS, sort_by: 'Modified_Time', sort_order: 'asc', per_page: perPage, page },
    headers: sinceMs === undefined ? undefined : { 'if-modified-since': toZohoDateTime(sinceMs) },
  });
  // 304: nothing modified since; 204: nothing at all.
  if (res.status === 304 || res.status === 204) return { deals: [] as ZohoDeal[], more: false };
  const list = recordListSchema.safeParse(res.json);
  if (res.status !== 200 || !list.success) throw unexpected(res, `Zoho list ${module}`);
  return { deals: list.data.data, more: list.data.info?.more_records === true };
}

/**
 * Deals changed after the cursor, oldest first, at most `limit`. Each round asks Zoho for
 * records modified since one second before the cursor (so that Zoho's reading of
 * If-Modified-Since, strict or not, loses nothing at the boundary) and drops what the cursor
 * has seen. A round that finds nothing new while Zoho has more (a second with more records than
 * a page) reads the next page; any progress starts again from page 1 of the new cursor, so that
 * records moving to the end of the list while we page are not skipped.
 */
export async function pollDeals(call: ZohoCall, module: string, cursor: string | undefined, limit: number): Promise<{ changes: CrmChange[]; cursor: string | undefined }> {
  let at = decodeCursor(cursor);
  const changes: CrmChange[] = [];
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, limit));
  let page = 1;
  while (changes.length < limit) {
    const { deals, more } = await listPage(call, module, at && at.ms - 1000, page, perPage);
    let progressed = false;
    for (const deal of deals) {
      const ms = parseDateTime(deal.Modified_Time, `Zoho ${module} ${deal.id} Modified_Time`);
      if (at && (ms < at.ms || (ms === at.ms && at.ids.includes(deal.id)))) continue;
      changes.push(dealChange(module, deal, `poll:${deal.id}:${deal.Modified_Time}`));
      at = at && ms === at.ms ? { ...at, ids: [...at.ids, deal.id] } : { t: deal.Modified_Time, ms, ids: [deal.id] };
      progressed = true;
      if (changes.length >= limit) break;
    }
    if (!more) break;
    page = progressed ? 1 : page + 1;
  }
  return { changes, cursor: at ? encodeCursor(at) : cursor };
}
