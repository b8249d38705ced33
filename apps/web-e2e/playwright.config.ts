import { defineConfig } from '@playwright/test';

// The whole product as a user meets it: the built API and web app, a real (embedded) PostgreSQL and
// Debian's Chromium. `npm run build` first; `npm run test:e2e` then starts one server for the run.
export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../dist/e2e/results',
  globalSetup: './src/support/global-setup.ts',
  // One server and one database for the run; the journeys build on each other's data.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./src/support/summary-reporter.ts']],
  use: {
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      // No browser download here: Debian's Chromium, started as the machine notes say.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
