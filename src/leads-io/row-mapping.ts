import { createHash } from 'node:crypto';
import { leadSchema, type Lead } from '../domain/lead.js';
import { identifierSchema } from '../domain/safe-text.js';

/** Lead fields a CSV column can fill; `deal_amount` and `deal_currency` make `deal`. */
export const LEAD_COLUMNS = ['id', 'email', 'name', 'locale', 'timezone', 'country', 'region', 'owner', 'source', 'stage', 'birthday', 'deal_amount', 'deal_currency'] as const;
/** One of the lead fields a column can fill. */
export type LeadColumn = (typeof LEAD_COLUMNS)[number];

/** `--map email=E-mail,name=Name`: lead field ← CSV header. */
export type ColumnMap = Partial<Record<LeadColumn, string>>;

/** A `--map` that names no lead field, or is not `field=Header`. */
export class MappingError extends Error {
  override name = 'MappingError';
}

/** Reads `--map`; a pair that names no lead field is a MappingError (exit 2). */
export function parseColumnMap(text: string | undefined): ColumnMap {
  const map: ColumnMap = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const [field, ...rest] = pair.split('=');
    const header = rest.join('=').trim();
    if (!field || !header || !(LEAD_COLUMNS as readonly string[]).includes(field.trim())) throw new MappingError(`--map: "${pair}" is not field=Header with a field among ${LEAD_COLUMNS.join(', ')}`);
    map[field.trim() as LeadColumn] = header;
  }
  return map;
}

/** The header each lead field is read from: the mapping, else a header of the field's own name (any case). */
export function resolveColumns(headers: string[], map: ColumnMap): Partial<Record<LeadColumn, string>> {
  const missing = Object.entries(map).filter(([, h]) => !headers.includes(h!));
  if (missing.length) throw new MappingError(`--map: the file has no column ${missing.map(([, h]) => `"${h}"`).join(', ')} (its columns: ${headers.join(', ')})`);
  const out: Partial<Record<LeadColumn, string>> = { ...map };
  for (const field of LEAD_COLUMNS) out[field] ??= headers.find((h) => h.trim().toLowerCase() === field);
  return out;
}

/** A lead id for a row without one: the same address always gives the same id, so a re-run updates instead of duplicating. */
export const stableLeadId = (email: string) => `csv-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 20)}`;

/** A row as a lead, or why it is rejected. */
export type RowResult = { ok: true; lead: Lead } | { ok: false; reason: string };

/**
 * One CSV row as the API's lead: mapped columns to fields, the rest (valid names only) to
 * `attributes`, checked with the API's own schema so a dry run rejects exactly what the server would.
 */
export function rowToLead(row: Record<string, string>, columns: Partial<Record<LeadColumn, string>>, opts: { attributes: boolean }): RowResult {
  const value = (f: LeadColumn) => {
    const h = columns[f];
    const v = h === undefined ? undefined : row[h]?.trim();
    return v ? v : undefined;
  };
  const email = value('email');
  const used = new Set(Object.values(columns));
  const attributes = opts.attributes
    ? Object.fromEntries(Object.entries(row).filter(([h, v]) => !used.has(h) && v.trim() !== '' && identifierSchema(100).safeParse(h).success).map(([h, v]) => [h, v.trim()]))
    : {};
  const amount = value('deal_amount');
  const fields = {
    id: value('id') ?? (email ? stableLeadId(email) : undefined),
    email,
    name: value('name'),
    locale: value('locale'),
    timezone: value('timezone'),
    country: value('country'),
    region: value('region'),
    owner: value('owner'),
    source: value('source'),
    stage: value('stage'),
    birthday: value('birthday'),
    deal: amount === undefined ? undefined : { amount: Number(amount.replace(/[,\s_]/g, '')), currency: value('deal_currency') ?? '' },
    attributes: Object.keys(attributes).length ? attributes : undefined,
  };
  const parsed = leadSchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  if (parsed.success) return { ok: true, lead: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') };
}
