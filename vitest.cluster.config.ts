import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: leadflow's separate workers and servers on a real Temporal server built
// from the Go module proxy, on PostgreSQL (DATABASE_URL). CI runs it after the main suite.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/cluster/**/*.cluster.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    maxWorkers: 1,
  },
});
