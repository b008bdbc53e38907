import { defineConfig } from '@playwright/test';
import type { AppOptions } from './plugins/value-stream/e2e-tests/flows';

/**
 * Browser end-to-end tests against the running portals (see scripts/e2e.sh,
 * which builds both apps, starts a backend for each and then runs these):
 * packages/app (new frontend system) on :7007 and packages/app-legacy
 * (legacy frontend system) on :7008.
 * Chromium comes from the system (Debian's `chromium` package); Playwright's
 * own browser download does not work on these machines.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig<AppOptions>({
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
    {
      name: 'value-stream',
      testDir: 'plugins/value-stream/e2e-tests',
      testIgnore: 'legacyApp.test.ts',
    },
    {
      // The plugin's main flows and the kind guards in the legacy app.
      name: 'app-legacy',
      testDir: 'plugins/value-stream/e2e-tests',
      testMatch: ['legacyApp.test.ts', 'entityKinds.test.ts'],
      use: {
        baseURL: process.env.PLAYWRIGHT_LEGACY_URL ?? 'http://localhost:7008',
        frontend: 'legacy',
      },
    },
  ],
});
