import { randomUUID } from 'node:crypto';
import { benchPost, pooled, type BenchSystem } from './system.js';

/**
 * Resident memory of the process (server, worker and PGlite together, as `leadflow start` runs
 * them) with `leads` journeys asleep in a seven-day wait, and the Temporal dev server's database size.
 */
export async function measureSleepingMemory(sys: BenchSystem, leads: number): Promise<{ leads: number; rssMb: number; heapMb: number }> {
  const run = randomUUID().slice(0, 8);
  await pooled(leads, 10, (i) => benchPost(sys, '/api/leads', { id: `m${run}-${i}`, email: `m${run}-${i}@example.com`, timezone: 'UTC', stage: 'contacted' }));
  // Every journey must have reached its wait: then its state lives in Temporal, not necessarily in this process.
  for (;;) {
    const { count } = await sys.dev.client.workflow.count(`TaskQueue = '${sys.taskQueue}' AND LeadStage = 'contacted' AND LeadNextActionAt IS NOT NULL`);
    if (count >= leads) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { leads, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 };
}
