import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { ApiError, leadflowApi } from '../leads-io/api-client.js';
import { exportLeads } from '../leads-io/export-run.js';
import { importLeads } from '../leads-io/import-run.js';
import { MappingError, parseColumnMap } from '../leads-io/row-mapping.js';
import { backlogGate } from '../leads-io/backlog-gate.js';
import { UsageError } from './errors.js';

const MAX_SHOWN = 20;

const serverUrl = () => loadConfig().LEADFLOW_URL.replace(/\/$/, '');

/** The server's address and token, through the one config; a missing token is a usage error. */
function api() {
  const config = loadConfig();
  if (!config.LEADFLOW_API_TOKEN) throw new UsageError('LEADFLOW_API_TOKEN: required to talk to the server at LEADFLOW_URL (`leadflow start` prints it and keeps it in data/secrets/api-token)');
  return leadflowApi(serverUrl(), config.LEADFLOW_API_TOKEN);
}

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name}: must be a positive number, not "${text}"`);
  return n;
};

/** `leadflow leads import|export`: bring existing leads in from a CSV, and take them out again. */
export function leadsCommand(program: Command): void {
  const leads = program.command('leads').description('bring leads in from CSV, and out again, through a running server (LEADFLOW_URL, LEADFLOW_API_TOKEN)');
  leads
    .command('import <file>')
    .description('enrol every row of a CSV file: columns named like lead fields (id, email, name, owner, source, stage, deal_amount, deal_currency…), others become attributes')
    .option('--map <pairs>', 'which header fills which field: email=E-mail,name=Name')
    .option('--dry-run', 'check every row, enrol none')
    .option('--rate <n>', 'leads per second at most', '50')
    .option('--concurrency <n>', 'requests in flight at once', '8')
    .option('--max-backlog <n>', "wait while more than this many workflow tasks wait for a worker (the server's /metrics); 0 turns it off", '2000')
    .option('--rejects <file>', 'write the rejected rows, with line and reason, to this CSV')
    .option('--no-attributes', 'ignore the columns that are no lead field')
    .action(async (file: string, opts: { map?: string; dryRun?: boolean; rate: string; concurrency: string; maxBacklog: string; rejects?: string; attributes: boolean }) => {
      await access(file).catch(() => {
        throw new UsageError(`${file}: no such file`);
      });
      let report;
      try {
        report = await importLeads({
          file,
          map: parseColumnMap(opts.map),
          dryRun: !!opts.dryRun,
          ratePerSecond: positive('--rate', opts.rate),
          concurrency: Math.ceil(positive('--concurrency', opts.concurrency)),
          rejectsFile: opts.rejects,
          attributes: opts.attributes,
          progress: !!process.stderr.isTTY,
          api: opts.dryRun ? undefined : api(),
          gate: opts.dryRun || opts.maxBacklog === '0' ? undefined : backlogGate(`${serverUrl()}/metrics`, positive('--max-backlog', opts.maxBacklog)),
        });
      } catch (err) {
        if (err instanceof MappingError) throw new UsageError(err.message);
        if (err instanceof ApiError && err.status === 401) throw new UsageError(`LEADFLOW_API_TOKEN: the server refused it (${err.message})`);
        throw err;
      }
      const verb = report.dryRun ? 'would import' : 'imported';
      process.stdout.write(`${verb} ${report.imported} of ${report.rows} rows in ${report.seconds.toFixed(1)} s; ${report.rejected.length} rejected\n`);
      for (const r of report.rejected.slice(0, MAX_SHOWN)) process.stdout.write(`  ✗ line ${r.line}: ${r.reason}\n`);
      if (report.rejected.length > MAX_SHOWN) process.stdout.write(`  … and ${report.rejected.length - MAX_SHOWN} more${opts.rejects ? ` (all in ${opts.rejects})` : ' (--rejects <file> lists them all)'}\n`);
      if (report.rejected.length) process.exitCode = 1;
    });
  leads
    .command('export')
    .description('every lead as CSV in the columns `leads import` reads')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (opts: { out?: string }) => {
      const n = await exportLeads(api(), opts.out ?? process.stdout);
      if (opts.out) process.stdout.write(`exported ${n} leads to ${opts.out}\n`);
    });
}
