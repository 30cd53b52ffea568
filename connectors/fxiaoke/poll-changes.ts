import { z } from 'zod';
import type { CrmChange } from '../connector.js';
import { CrmError } from '../errors.js';
import { dataPath, type FxiaokeClient } from './api-client.js';
import type { FxiaokeConfig } from './config.js';

/** Epoch milliseconds; Fxiaoke sends numbers, a hand-written function may send digit strings. */
export const epochMsSchema = z
  .union([z.number(), z.string().regex(/^\d{1,16}$/).transform(Number)])
  .pipe(z.number().int().nonnegative().max(8_640_000_000_000_000));

const rowSchema = z.looseObject({ _id: z.string().min(1), last_modified_time: epochMsSchema });
type Row = z.infer<typeof rowSchema>;
/** 商机2.0's amount field (商机金额), in the tenant's currency: Fxiaoke's rows carry no currency code. */
const AMOUNT_FIELD = 'amount';
/** The opportunity's amount as a deal value; Fxiaoke sends numbers as strings or numbers. */
function amountOf(r: Row): Pick<CrmChange, 'deal'> {
  const n = Number(r[AMOUNT_FIELD]);
  return r[AMOUNT_FIELD] !== undefined && r[AMOUNT_FIELD] !== null && r[AMOUNT_FIELD] !== '' && Number.isFinite(n) && n >= 0 ? { deal: { amount: n } } : {};
}
/** A `data/query` answer: rows with at least their id and modification time. */
export const queryAnswerSchema = z.looseObject({ data: z.looseObject({ dataList: z.array(rowSchema), total: z.number().optional() }) });

/** Where polling stopped: the last change read, as `<last_modified_time ms>:<_id>`. */
export interface PollCursor {
  time: number;
  id: string;
}

export function formatCursor(c: PollCursor): string {
  return `${c.time}:${c.id}`;
}

/** `<ms>:` (no id) starts at that instant inclusive, for a first poll that ignores older history. */
export function parseCursor(cursor: string | undefined): PollCursor {
  if (cursor === undefined || cursor === '') return { time: 0, id: '' };
  const m = /^(\d+):(.*)$/s.exec(cursor);
  if (!m) throw new CrmError(`Fxiaoke poll cursor "${cursor}" is not <last_modified_time ms>:<_id>`, false);
  return { time: Number(m[1]), id: m[2]! };
}

// Fxiaoke `_id`s are hex strings of one length, so the server's order and JavaScript's agree.
function isAfter(row: Row, c: PollCursor): boolean {
  return row.last_modified_time > c.time || (row.last_modified_time === c.time && row._id > c.id);
}

type Filter = { field_name: string; field_values: string[]; operator: 'GT' | 'GTE' | 'EQ' };
const byTime = (operator: Filter['operator'], ms: number): Filter => ({ field_name: 'last_modified_time', field_values: [String(ms)], operator });
const BY_TIME_THEN_ID = [{ fieldName: 'last_modified_time', isAsc: true }, { fieldName: '_id', isAsc: true }];

/**
 * Changes after the cursor, oldest first, by keyset on (last_modified_time, _id). Fxiaoke sends
 * no signed data-change callback we could confirm, so this is the baseline. Offset stays 0:
 * Fxiaoke refuses offsets over 10,000, and offsets shift when records change under them.
 *
 * Several records can share a millisecond. The usual query takes `time >= cursor` and drops
 * what is not after (time, _id); when a whole page is ties at the cursor's time that would
 * never move, so the ties are read by `_id > last` at that exact time, then newer times fill
 * the page. A record changed again later gets a new time and is read again, as a new change.
 *
 * What this cannot see: a change Fxiaoke commits later with a (time, _id) before the cursor
 * (clock skew between its servers). Inbound pushes and the journey's ordering cover that gap.
 */
export async function pollChanges(client: FxiaokeClient, config: FxiaokeConfig, cursor: string | undefined, limit: number): Promise<{ changes: CrmChange[]; cursor: string | undefined }> {
  const pageSize = Math.min(Math.max(Math.floor(limit), 1), 100);
  const after = parseCursor(cursor);

  const query = async (filters: Filter[], orders: typeof BY_TIME_THEN_ID, size: number): Promise<Row[]> => {
    const answer = await client.call(
      dataPath(config.object, 'query'),
      {
        data: {
          dataObjectApiName: config.object,
          search_query_info: { limit: size, offset: 0, filters, orders, fieldProjection: ['_id', config.stageField, 'last_modified_time', 'name', AMOUNT_FIELD] },
        },
      },
      queryAnswerSchema,
    );
    return answer.data.dataList;
  };

  let rows = await query([byTime('GTE', after.time)], BY_TIME_THEN_ID, pageSize);
  if (rows.length === pageSize && rows.every((r) => r.last_modified_time === after.time)) {
    const ties = await query([byTime('EQ', after.time), { field_name: '_id', field_values: [after.id], operator: 'GT' }], [{ fieldName: '_id', isAsc: true }], pageSize);
    const newer = ties.length < pageSize ? await query([byTime('GT', after.time)], BY_TIME_THEN_ID, pageSize - ties.length) : [];
    rows = [...ties, ...newer];
  }
  rows = rows.filter((r) => isAfter(r, after));

  const last = rows.at(-1);
  return {
    changes: rows.map((r) => {
      const stage = r[config.stageField];
      return {
        record: { connector: 'fxiaoke', id: r._id, module: config.object },
        eventId: `${r._id}:${r.last_modified_time}`,
        crmStage: typeof stage === 'string' && stage !== '' ? stage : undefined,
        occurredAt: new Date(r.last_modified_time).toISOString(),
        ...amountOf(r),
      };
    }),
    cursor: last ? formatCursor({ time: last.last_modified_time, id: last._id }) : cursor,
  };
}
