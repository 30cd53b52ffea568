// `npm run bench:profile [-- --leads 500]`: where the CPU of an e-mail step goes. A child process
// runs leadflow as `npm start` does (bench/system.ts) under `node --cpu-prof`, which profiles
// every thread (main: HTTP, activities, PGlite; the SDK's workflow thread: journeys), enrols the
// leads (three mails each, window any) and measures the CPU of itself and of the Temporal dev
// server between the first enrolment and the last mail. This process then summarises the
// profiles over that window, per thread and part, per mail.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile, type ThreadSummary } from './cpu-profile.js';
import { cpuSecondsOf, processesNamed } from './proc-cpu.js';
import { benchPost, pooled, startBenchSystem } from './system.js';

const { values } = parseArgs({ options: { child: { type: 'string' }, leads: { type: 'string' } } });
const leads = Number(values.leads ?? 500);
/** The Temporal dev server this process started: the child whose command line runs `server start-dev`. */
async function temporalServerPid(): Promise<number> {
  const server = (await processesNamed('temporal')).find((p) => p.ppid === process.pid && p.cmdline.includes('start-dev'));
  if (!server) throw new Error('no Temporal dev server among this process’s children');
  return server.pid;
}

const microsNow = () => Number(process.hrtime.bigint() / 1000n);

async function child(out: string) {
  const sys = await startBenchSystem();
  try {
    const temporal = await temporalServerPid();
    const ids = Array.from({ length: leads }, (_, i) => `p${i}`);
    const fromUs = microsNow();
    const node0 = process.cpuUsage();
    const temporal0 = await cpuSecondsOf(temporal);
    const started = performance.now();
    await pooled(leads, 10, (i) => benchPost(sys, '/api/leads', { id: ids[i], email: `${ids[i]}@example.com`, timezone: 'UTC' }));
    await sys.sink.waitFor(3 * leads, 30 * 60_000);
    const wallSeconds = (performance.now() - started) / 1000;
    const node = process.cpuUsage(node0);
    const temporalSeconds = (await cpuSecondsOf(temporal)) - temporal0;
    const toUs = microsNow();
    await writeFile(out, JSON.stringify({ fromUs, toUs, wallSeconds, nodeCpuSeconds: (node.user + node.system) / 1e6, temporalCpuSeconds: temporalSeconds }));
  } finally {
    await sys.close();
  }
}

async function parent() {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-profile-'));
  const out = join(dir, 'window.json');
  const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/profile.ts', '--child', out, '--leads', String(leads)];
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', resolve));
  if (code !== 0) throw new Error(`the profiled run exited with ${code}`);
  const window = JSON.parse(await readFile(out, 'utf8')) as { fromUs: number; toUs: number; wallSeconds: number; nodeCpuSeconds: number; temporalCpuSeconds: number };
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const threads: ThreadSummary[] = [];
  for (const f of files) {
    // Files are CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; thread 0 is the main thread.
    const thread = f.split('.').at(-3);
    const summary = await summariseProfile(join(dir, f), window, thread === '0' ? 'main thread (HTTP, activities, PGlite)' : `thread ${thread}`);
    // The thread that enters the SDK's sandbox is the workflow thread.
    if (summary.parts.some((p) => p.part.startsWith('workflow bundle') || p.part === 'native runInContext')) summary.thread = `thread ${thread} (the SDK's workflow thread)`;
    if (summary.busyMs > 50) threads.push(summary);
  }
  const mails = 3 * leads;
  const perMail = (ms: number) => ms / mails;
  const lines = [
    `${leads} leads × 3 e-mails (window any) in ${window.wallSeconds.toFixed(1)} s: ${(mails / window.wallSeconds).toFixed(1)} mails/s`,
    `CPU per mail: leadflow process ${perMail(window.nodeCpuSeconds * 1000).toFixed(1)} ms (all threads, native included), Temporal dev server ${perMail(window.temporalCpuSeconds * 1000).toFixed(1)} ms`,
    ...threads.flatMap((t) => [
      `${t.thread}: ${perMail(t.busyMs).toFixed(1)} ms of JavaScript per mail`,
      ...t.parts.slice(0, 10).map((p) => `  ${perMail(p.ms).toFixed(2).padStart(6)} ms ${((100 * p.ms) / t.busyMs).toFixed(0).padStart(3)} %  ${p.part}`),
    ]),
  ];
  console.log(lines.join('\n'));
  console.log(JSON.stringify({ leads, ...window, threads }));
}

if (values.child) await child(values.child);
else await parent();
