import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { benchPost, pooled, type BenchSystem } from './system.js';

/** One memory checkpoint: what the process and Temporal's database hold with `leads` journeys asleep. */
export interface SleepingFigure {
  leads: number;
  rssMb: number;
  heapMb: number;
  /** The dev server's SQLite file with its WAL; absent in runs from before it was measured. */
  temporalDbMb?: number;
  /**
   * Seconds from the last 202 of this checkpoint's enrolments until every journey was in its
   * first wait (read from visibility, once a second); absent in runs from before it was measured.
   */
  settledSeconds?: number;
}

/** Bytes on disk of a SQLite database in WAL mode: the file, its write-ahead log and its index. */
async function sqliteBytes(path: string): Promise<number> {
  const sizes = await Promise.all(['', '-wal', '-shm'].map((suffix) => stat(`${path}${suffix}`).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Resident memory of the process (server, worker and store together, as `leadflow start` runs
 * them) and the size of the Temporal dev server's database, with journeys asleep in a seven-day
 * wait, at each of the checkpoints (ascending totals, enrolled cumulatively in one system).
 */
export async function measureSleepingMemory(sys: BenchSystem, checkpoints: number[], onFigure: (f: SleepingFigure) => void = () => {}): Promise<SleepingFigure[]> {
  const run = randomUUID().slice(0, 8);
  const figures: SleepingFigure[] = [];
  let enrolled = 0;
  for (const leads of checkpoints) {
    const from = enrolled;
    await pooled(leads - from, 10, (i) => benchPost(sys, '/api/leads', { id: `m${run}-${from + i}`, email: `m${run}-${from + i}@example.com`, timezone: 'UTC', stage: 'contacted' }));
    enrolled = leads;
    const lastAccepted = performance.now();
    // Every journey must have reached its wait: then its state lives in Temporal, not necessarily in this process.
    for (;;) {
      const { count } = await sys.client.workflow.count(`TaskQueue = '${sys.taskQueue}' AND LeadStage = 'contacted' AND LeadNextActionAt IS NOT NULL`);
      if (count >= leads) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const settledSeconds = (performance.now() - lastAccepted) / 1000;
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    const figure = { leads, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20, temporalDbMb: (await sqliteBytes(sys.temporalDb)) / 2 ** 20, settledSeconds };
    figures.push(figure);
    onFigure(figure);
  }
  return figures;
}
