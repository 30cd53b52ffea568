import type { Context } from 'hono';
import { stringify } from 'csv-stringify/sync';

/** The `?format=` every read of the insight API takes. */
export type Format = 'json' | 'csv';

/** Rows as CSV with a header, for spreadsheets; a UTF-8 BOM so Excel shows Chinese names right. */
export function csvResponse(c: Context, filename: string, columns: string[], rows: Record<string, unknown>[]): Response {
  const body = stringify(rows.map((r) => columns.map((k) => (r[k] === null || r[k] === undefined ? '' : typeof r[k] === 'object' ? JSON.stringify(r[k]) : r[k]))), { header: true, columns });
  return c.body(`\uFEFF${body}`, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });
}
