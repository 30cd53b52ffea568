import { defineConfig } from 'vitest/config';

// The fuzz suite: hostile requests against the whole system (`npm run fuzz`, and a short seeded
// run in CI with `npm run fuzz:ci`). Its own config keeps `npm test` fast; `--expose-gc` lets it
// compare memory levels after collection rather than the garbage of the moment.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    include: ['test/fuzz/**/*.fuzz.ts'],
    execArgv: ['--expose-gc'],
    testTimeout: 3_600_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
  },
});
