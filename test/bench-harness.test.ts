import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { BENCH_MARKERS, spliceBenchmarks } from '../bench/report.js';

const run = promisify(execFile);
const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

/** The benchmarks still run (their timings are for docs/benchmarks.md, never asserted here). */
describe('the benchmark harness in --quick mode', () => {
  it('npm run bench -- --quick measures history costs, throughput against raw limits, memory and a simulated year', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--quick'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 16 * 2 ** 20 });
    const result = JSON.parse(stdout.slice(stdout.indexOf('{\n')));
    expect(result).toMatchObject({ quick: true, leads: 30, memory: [{ leads: 100 }] });
    // The Temporal dev server's database is a real file that grew with the journeys.
    expect(result.memory[0].temporalDbMb).toBeGreaterThan(0.1);
    // Counts of the real workflow: an enrolment is more than a start, a mail step more than a timer.
    expect(result.history.enrolment.events).toBeGreaterThan(5);
    expect(result.history.emailStep.workflowTasks).toBeGreaterThanOrEqual(1);
    for (const [name, value] of Object.entries(result.throughput)) expect([name, Number.isFinite(value) && (value as number) >= 0]).toEqual([name, true]);
  }, 600_000);

  it('bench/funnel-api.ts loads a log and times the funnel, the scorecards and the lead search', async () => {
    const { stdout } = await run(TSX, ['bench/funnel-api.ts', '--quick'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '' } });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ bench: 'funnel-api', leads: 2000, database: 'pglite (in memory)' });
    expect(result.facts).toBeGreaterThan(2000);
    expect(result.results.map((r: { path: string }) => r.path)).toContain('/api/funnel');
  });

  it('bench/leads-import.ts imports a CSV through a real leadflow start and waits until every journey is logged', async () => {
    const { stdout } = await run(TSX, ['bench/leads-import.ts', '--quick'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '' } });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ bench: 'leads-import', rows: 500, logged: 500, dryRun: { report: expect.stringMatching(/^would import 500 of 500 rows/) }, imported: { report: expect.stringMatching(/^imported 500 of 500 rows/) } });
  });
});

describe('docs/benchmarks.md as npm run bench rewrites it', () => {
  it('replaces only its own section, and keeps the results of the benchmarks run by hand', () => {
    const first = spliceBenchmarks('# Benchmarks\n\n## `GET /api/funnel`\n\n| a | b |\n', '## Journeys\n\nrun 1\n');
    expect(first).toMatch(/## `GET \/api\/funnel`[\s\S]*run 1/);
    const second = spliceBenchmarks(`${first}\n## Import\n\nkept\n`, '## Journeys\n\nrun 2\n');
    expect(second).not.toContain('run 1');
    expect(second).toContain('run 2');
    expect(second).toContain('| a | b |');
    expect(second).toContain('## Import\n\nkept');
    expect(second.split(BENCH_MARKERS.start)).toHaveLength(2);
  });
});
