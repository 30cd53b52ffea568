// `npm run bench:journey-start [-- --journeys 1000]`: what a journey costs the worker to start and
// to keep cached, with the shared modules (zod and src/domain evaluated once per worker, as
// leadflow runs) and without (every journey evaluating them again, the SDK's default). Each
// variant runs in a fresh process, one after the other in the same run, so the two compare.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { measureSleepingMemory } from './memory.js';
import { startBenchSystem } from './system.js';

const { values } = parseArgs({ options: { child: { type: 'string' }, journeys: { type: 'string' } } });
const journeys = Number(values.journeys ?? 1000);

interface StartCost {
  variant: string;
  journeys: number;
  wallSeconds: number;
  cpuMsPerJourney: number;
  rssMbPerJourney: number;
}

async function child(variant: 'shared' | 'unshared'): Promise<void> {
  // Enough cache for every journey: the figure is what a cached journey holds.
  const workerOptions = { maxCachedWorkflows: journeys + 100, ...(variant === 'unshared' ? { bundlerOptions: { preloadModules: [] } } : {}) };
  const sys = await startBenchSystem({ workerOptions });
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const [memory] = await measureSleepingMemory(sys, [journeys]);
    const cpu = process.cpuUsage(cpu0);
    const result: StartCost = {
      variant,
      journeys,
      wallSeconds: (performance.now() - started) / 1000,
      cpuMsPerJourney: (cpu.user + cpu.system) / 1000 / journeys,
      rssMbPerJourney: (memory!.rssMb - rss0 / 2 ** 20) / journeys,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await sys.close();
  }
}

async function runChild(variant: string): Promise<StartCost> {
  const args = ['--expose-gc', '--import', 'tsx', 'bench/journey-start.ts', '--child', variant, '--journeys', String(journeys)];
  let out = '';
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', resolve);
  });
  const line = out.split('\n').find((l) => l.startsWith('{"variant"'));
  if (code !== 0 || !line) throw new Error(`${variant}: exited with ${code}`);
  return JSON.parse(line) as StartCost;
}

if (values.child === 'shared' || values.child === 'unshared') {
  await child(values.child);
} else {
  const unshared = await runChild('unshared');
  const shared = await runChild('shared');
  for (const r of [unshared, shared]) {
    console.log(`${r.variant.padEnd(8)} ${r.journeys} journeys to their first wait in ${r.wallSeconds.toFixed(1)} s: ${r.cpuMsPerJourney.toFixed(1)} ms CPU and ${r.rssMbPerJourney.toFixed(2)} MB RSS per journey`);
  }
  console.log(`shared / unshared: CPU ${(shared.cpuMsPerJourney / unshared.cpuMsPerJourney).toFixed(2)}×, RSS per cached journey ${(shared.rssMbPerJourney / unshared.rssMbPerJourney).toFixed(2)}×`);
  console.log(JSON.stringify({ unshared, shared }));
}
