import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run chaos`: the mail chaos run, on its own (it starts its own Temporal dev server and
// leadflow processes, and needs the machine to itself more than the suite does). Needs DATABASE_URL.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    pool: 'forks',
    include: ['test/chaos-mail/**/*.chaos.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    maxWorkers: 1,
  },
});
