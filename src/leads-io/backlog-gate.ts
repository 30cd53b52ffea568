const REFRESH_MS = 2_000;
const BACKLOG = /^leadflow_task_queue_backlog\{[^}]*kind="workflow"[^}]*\} (\S+)$/gm;

/**
 * Back-pressure for a long import: the server's `/metrics` says how many workflow tasks wait for a
 * worker; while that is above `max`, new rows wait. A rate that suits a cluster would otherwise
 * bury a small installation's workers (see docs/benchmarks.md). A server whose metrics cannot be
 * read imposes no wait.
 */
export function backlogGate(metricsUrl: string, max: number, now = () => Date.now()) {
  let checkedAt = 0;
  let backlog = 0;
  let paused = 0;
  const read = async () => {
    if (now() - checkedAt < REFRESH_MS) return backlog;
    checkedAt = now();
    try {
      const text = await (await fetch(metricsUrl)).text();
      backlog = [...text.matchAll(BACKLOG)].reduce((n, m) => n + Number(m[1]), 0);
    } catch {
      backlog = 0;
    }
    return backlog;
  };
  return {
    /** Resolves once the backlog is at or under `max`. */
    async wait(): Promise<void> {
      while ((await read()) > max) {
        paused += 1;
        await new Promise((r) => setTimeout(r, REFRESH_MS));
      }
    },
    /** How often an import waited for the workers, for its report. */
    get pauses() {
      return paused;
    },
  };
}
