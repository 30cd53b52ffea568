import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { SingleBar } from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { rateLimiter } from '../mail/rate-limit.js';
import { ApiError, type LeadflowApi } from './api-client.js';
import { MappingError, resolveColumns, rowToLead, type ColumnMap } from './row-mapping.js';

/** How `leads import` runs: the file, its mapping and the limits. */
export interface ImportOptions {
  file: string;
  map: ColumnMap;
  /** Check every row as the server would, send nothing. */
  dryRun: boolean;
  /** Leads per second at most, so a large file does not flood Temporal. */
  ratePerSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Unmapped columns become attributes. */
  attributes: boolean;
  /** Where the rejected rows are written as CSV (line, reason, the row). */
  rejectsFile?: string;
  /** Rows wait while this gate says the workers are behind (the server's workflow backlog). */
  gate?: { wait(): Promise<void> };
  /** Draw the progress bar (a terminal); otherwise stay quiet until the report. */
  progress: boolean;
  api?: LeadflowApi;
}

/** What an import did: rows read, imported, rejected (with line and reason). */
export interface ImportReport {
  rows: number;
  imported: number;
  rejected: { line: number; reason: string }[];
  dryRun: boolean;
  seconds: number;
}

interface Row {
  line: number;
  fields: string[];
}

/** The file's records with the line each ends on; the first is the header. */
async function* records(file: string): AsyncGenerator<Row> {
  const parser = createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { line: info.lines, fields: record };
}

async function countRows(file: string): Promise<number> {
  let n = -1;
  for await (const _ of records(file)) n += 1;
  return Math.max(0, n);
}

/**
 * `leadflow leads import`: reads the CSV as a stream, maps and checks each row, and enrols the
 * good ones through the API at a bounded rate. A row's id (or a hash of its address) makes a
 * re-run update the same leads. Rejected rows are reported with their line and reason.
 */
export async function importLeads(opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const total = await countRows(opts.file);
  const bar = opts.progress ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted} | rejected {rejected}', hideCursor: true }) : undefined;
  bar?.start(total, 0, { speed: '0', rejected: 0 });
  const limiter = rateLimiter(opts.ratePerSecond);
  const report: ImportReport = { rows: 0, imported: 0, rejected: [], dryRun: opts.dryRun, seconds: 0 };
  const rejectedRows: string[][] = [];
  let headers: string[] | undefined;
  let columns: ReturnType<typeof resolveColumns> | undefined;
  let fatal: Error | undefined;
  const inFlight = new Set<Promise<void>>();
  const done = (row: Row, reason?: string) => {
    report.rows += 1;
    if (reason) {
      report.rejected.push({ line: row.line, reason });
      rejectedRows.push([String(row.line), reason, ...row.fields]);
    } else report.imported += 1;
    bar?.update(report.rows, { speed: (report.rows / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0), rejected: report.rejected.length });
  };

  for await (const row of records(opts.file)) {
    if (fatal) break;
    if (!headers) {
      headers = row.fields.map((h) => h.trim());
      columns = resolveColumns(headers, opts.map);
      if (!columns.email) throw new MappingError(`the file has no e-mail column: name it email or map it with --map email=<header> (its columns: ${headers.join(', ')})`);
      continue;
    }
    if (row.fields.length !== headers.length) {
      done(row, `has ${row.fields.length} fields, the header has ${headers.length}`);
      continue;
    }
    const result = rowToLead(Object.fromEntries(headers.map((h, i) => [h, row.fields[i]!])), columns!, { attributes: opts.attributes });
    if (!result.ok || opts.dryRun || !opts.api) {
      done(row, result.ok ? undefined : result.reason);
      continue;
    }
    const api = opts.api;
    const job = (async () => {
      await opts.gate?.wait();
      await limiter.acquire();
      try {
        await api.enrol(result.lead);
        done(row);
      } catch (err) {
        // A row the server refuses is that row's problem; a wrong token or a gone server is the run's.
        if (err instanceof ApiError && (err.status === 400 || err.status === 409)) done(row, `server: ${err.message}`);
        else fatal ??= err as Error;
      }
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  bar?.stop();
  if (fatal) throw fatal;
  report.rejected.sort((a, b) => a.line - b.line);
  if (opts.rejectsFile) await writeFile(opts.rejectsFile, `\uFEFF${stringify([['line', 'reason', ...(headers ?? [])], ...rejectedRows.sort((a, b) => Number(a[0]) - Number(b[0]))])}`);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
