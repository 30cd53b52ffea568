import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run chaos:crm`: the CRM chaos run, on its own (it needs the machine to itself more than the
// suite does), against the same real servers as `npm test` (see vitest.config.ts).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    maxWorkers: 1,
  },
});
