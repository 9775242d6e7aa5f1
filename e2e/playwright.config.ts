import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

// Debian's chromium, never a downloaded browser. Few workers: CI machines have 2 cores.
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  // Specs people write to reproduce a bug (e2e/scratch/, ignored by git) run only when asked for.
  testIgnore: process.env.GETT_E2E_SCRATCH ? [] : ['scratch/**'],
  outputDir: '../test-results/e2e',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
