import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests against a running portal (see scripts/e2e.sh,
 * which builds the app, starts the backend and then runs these).
 * Chromium comes from the system (Debian's `chromium` package); Playwright's
 * own browser download does not work on these machines.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'e2e-artifacts/results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'app', testDir: 'packages/app/e2e-tests' },
    { name: 'value-stream', testDir: 'plugins/value-stream/e2e-tests' },
  ],
});
