import { defineConfig } from 'vitest/config';

// Pages people look at, in a real browser: Debian's Chromium driven by playwright-core
// (`npm run test:browser`; `.ci/run` installs Chromium first). Screenshots go to test-output/.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
  },
});
