import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// axe-core's WCAG 2.1 A and AA rules on every Value Stream page, signed in
// as a demo persona, in the light and the dark theme. A serious or critical
// violation fails the test with the rule and the nodes that break it.

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

const PAGES: Array<[name: string, path: string]> = [
  ['board', '/value-stream'],
  ['changes', '/value-stream/changes'],
  ['incidents console', '/value-stream/incidents'],
  ['problems', '/value-stream/problems'],
  ['service levels', '/value-stream/service-levels'],
  ['metrics', '/value-stream/metrics'],
  ['events', '/value-stream/events'],
  ['assets', '/value-stream/assets'],
  [
    'entity value stream tab',
    '/catalog/default/component/checkout-service/value-stream',
  ],
];

async function signInAs(page: Page, persona: RegExp) {
  await page.goto('/');
  await page.evaluate(() =>
    window.localStorage.removeItem('value-stream-demo-persona'),
  );
  await page.goto('/');
  await page.getByRole('button', { name: persona }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Value stream' }),
  ).toBeVisible();
}

/**
 * Waits until the page's data is on screen: no request and no spinner.
 * Named progress bars are meters (an error budget), not loading states.
 */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(
    page.locator(
      '[role="progressbar"]:not([aria-label]):not([aria-labelledby])',
    ),
  ).toHaveCount(0);
}

async function blockingViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(WCAG_21_AA)
    .analyze();
  return violations
    .filter(v => v.impact && BLOCKING.has(v.impact))
    .map(v => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes.slice(0, 5).map(n => ({
        target: n.target.join(' '),
        why: n.failureSummary,
      })),
    }));
}

for (const theme of ['light', 'dark']) {
  test.describe(`accessibility, ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      // The app's theme selector keeps the chosen theme under this key.
      await page.addInitScript(
        id => window.localStorage.setItem('theme', id),
        theme,
      );
      await signInAs(page, /Sign in as Margaret O'Connor/);
    });

    for (const [name, path] of PAGES) {
      test(`${name} has no serious WCAG 2.1 AA violation`, async ({ page }) => {
        await page.goto(path);
        await expect(
          page
            .getByRole('heading', { name: /Value stream|Checkout service/ })
            .first(),
        ).toBeVisible();
        await settled(page);
        expect(await blockingViolations(page)).toEqual([]);
      });
    }
  });
}
