import { defineConfig } from 'vitest/config';

// Temporal's native bridge must run in child processes (`forks`), never worker threads. Servers
// and the workflow bundle are started once in globalSetup and shared through `provide`.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    include: ['src/**/*.test.ts', 'workflows/**/*.test.ts', 'activities/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
