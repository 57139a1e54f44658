import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  // Each test starts its own server on its own data folder (see e2e/fixtures.ts), so tests are
  // independent; two at a time keeps small CI machines responsive.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  outputDir: '../test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    // The OS language the app follows unless a test says otherwise.
    locale: 'en-US',
    actionTimeout: 5_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    launchOptions: {
      // The system Chromium: `playwright install` needs a download this machine cannot make.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
