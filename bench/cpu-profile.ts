import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a thread's CPU went in the measured window: milliseconds by part, busiest first. */
export interface ThreadSummary {
  thread: string;
  busyMs: number;
  parts: { part: string; ms: number }[];
}

/**
 * The part of the system a frame belongs to: a package, PGlite's WebAssembly, the workflow
 * bundle (journeys in the SDK's sandbox), leadflow's own source, Node's internals, or V8's GC.
 */
export function partOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName === '(garbage collector)' ? 'V8 garbage collector' : functionName === '(program)' ? 'V8 (program)' : `native ${functionName}`;
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite)';
  if (/workflow-bundle-[0-9a-f]+\.js$/.test(url) || url.endsWith('workflow-bundle.js')) return 'workflow bundle (journeys, zod, SDK workflow runtime)';
  if (url.startsWith('evalmachine')) return 'SDK sandbox entry (vm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'Node.js internals';
  const own = /\/(src|activities|connectors|workflows|bench)\/([^/]+)/.exec(url);
  return own ? `leadflow ${own[1]}/${own[2]}` : url;
}

/**
 * Self time per part between `fromUs` and `toUs` (V8's monotonic clock, which `process.hrtime`
 * shares on Linux), idle excluded: the startup (bundling, server start) stays out of the figure.
 */
export async function summariseProfile(path: string, window: { fromUs: number; toUs: number }, thread: string): Promise<ThreadSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parts = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (at < window.fromUs || at > window.toUs) continue;
    const frame = byId.get(profile.samples[i]!)!;
    if (frame.functionName === '(idle)') continue;
    const part = partOf(frame);
    parts.set(part, (parts.get(part) ?? 0) + next / 1000);
  }
  const sorted = [...parts].map(([part, ms]) => ({ part, ms })).sort((a, b) => b.ms - a.ms);
  return { thread, busyMs: sorted.reduce((n, p) => n + p.ms, 0), parts: sorted };
}
