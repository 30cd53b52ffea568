import { readdir, readFile } from 'node:fs/promises';

// CPU time from Linux's /proc, for benchmarks that need the CPU of processes this one did not
// start as its own code (the Temporal server, PostgreSQL, leadflow processes spawned as a user
// would run them).

const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc counts CPU time in these

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
async function statFields(pid: number | string): Promise<string[] | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.split(') ')[1]?.split(' ');
}

/** CPU seconds (user + system) of a process so far. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const fields = await statFields(pid);
  if (!fields) throw new Error(`no process ${pid}`);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The live processes whose command name (`comm`, as `ps` shows it) is `name`, and their command lines. */
export async function processesNamed(name: string): Promise<{ pid: number; ppid: number; cmdline: string }[]> {
  const found = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = (await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim();
    if (comm !== name) continue;
    const fields = await statFields(entry);
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (fields) found.push({ pid: Number(entry), ppid: Number(fields[1]), cmdline });
  }
  return found;
}

/**
 * CPU seconds so far of the processes named `name`, including those that have exited: PostgreSQL
 * runs a process per connection, and one that closed between two readings would otherwise take
 * its CPU with it. An exited child's time is in its parent's cutime and cstime once reaped, so
 * the roots (those whose parent has another name) count their children's too.
 */
export async function cpuSecondsOfAll(name: string): Promise<number> {
  const found = await processesNamed(name);
  const pids = new Set(found.map((p) => p.pid));
  const seconds = await Promise.all(found.map(async (p) => {
    const fields = await statFields(p.pid);
    if (!fields) return 0;
    const own = Number(fields[11]) + Number(fields[12]);
    const reaped = pids.has(p.ppid) ? 0 : Number(fields[13]) + Number(fields[14]);
    return (own + reaped) / CLOCK_TICKS;
  }));
  return seconds.reduce((a, b) => a + b, 0);
}

/** The whole machine's CPU seconds so far, busy and in all (every core), from /proc/stat. */
export async function machineCpuSeconds(): Promise<{ busy: number; total: number }> {
  const [, ...ticks] = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}
