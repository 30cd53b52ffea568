import { runCli, type CliRun } from '../helpers/cli.js';

interface Member {
  run: CliRun;
  ready: boolean;
  killed: boolean;
}

/** How many workers the pool keeps, and how they are configured. */
export interface WorkerPoolOptions {
  size: number;
  /** The `leadflow worker` environment, as production configures it. */
  env: Record<string, string>;
  t0: number;
}

/**
 * `size` separate `leadflow worker` processes, kept at that size: a worker killed by the chaos is
 * replaced at once, and one that exits on its own (it could not reach Temporal at start, say) is
 * counted and replaced too, as a process supervisor would.
 */
export function startWorkerPool(opts: WorkerPoolOptions) {
  const members: Member[] = [];
  /** Milliseconds after t0 of every SIGKILL: the instants a duplicate may be explained by. */
  const kills: number[] = [];
  const unaskedExits: { atMs: number; code: number | null; tail: string }[] = [];
  let closed = false;
  let starts = 0;
  let skipped = 0;

  function spawnOne(): Member {
    starts += 1;
    const member: Member = { run: runCli(['worker'], opts.env), ready: false, killed: false };
    members.push(member);
    member.run.waitForOutput(/worker running/, 180_000).then(
      () => (member.ready = true),
      () => undefined,
    );
    void member.run.exited.then((code) => {
      members.splice(members.indexOf(member), 1);
      if (member.killed || closed) return;
      unaskedExits.push({ atMs: Date.now() - opts.t0, code, tail: member.run.output().slice(-1500) });
      setTimeout(() => closed || spawnOne(), 1000);
    });
    return member;
  }

  for (let i = 0; i < opts.size; i++) spawnOne();

  return {
    kills,
    unaskedExits,
    starts: () => starts,
    /** Kill times that passed with only one worker ready. */
    skipped: () => skipped,
    /** Resolves once every worker of the pool is running. */
    async ready(timeoutMs = 180_000): Promise<void> {
      await Promise.all(members.map((m) => m.run.waitForOutput(/worker running/, timeoutMs)));
    },
    /**
     * SIGKILLs the longest-running ready worker and starts its replacement, if another worker is
     * ready to carry on. A worker bundles the workflows as it starts (seconds of CPU on a loaded
     * machine): kills every 2–6 s regardless would leave no worker running for long enough to send.
     */
    killOne(): boolean {
      const ready = members.filter((m) => m.ready && !m.killed);
      const victim = ready[0];
      if (!victim || ready.length < 2) {
        skipped += 1;
        return false;
      }
      victim.killed = true;
      kills.push(Date.now() - opts.t0);
      victim.run.child.kill('SIGKILL');
      spawnOne();
      return true;
    },
    /** Stops every worker cleanly (SIGTERM, SIGKILL after 15 s) and waits for them. */
    async close(): Promise<void> {
      closed = true;
      const left = [...members];
      for (const m of left) m.run.child.kill('SIGTERM');
      const hard = setTimeout(() => left.forEach((m) => m.run.child.kill('SIGKILL')), 15_000);
      await Promise.all(left.map((m) => m.run.exited));
      clearTimeout(hard);
    },
  };
}

/** The run's workers, as the chaos holds them. */
export type WorkerPool = ReturnType<typeof startWorkerPool>;
