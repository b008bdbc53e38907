import { test as base, expect, Page } from '@playwright/test';

// Page flows shared by the browser tests of both demo apps: packages/app
// (new frontend system) and packages/app-legacy (legacy frontend system,
// wired as the README's legacy section says). playwright.config.ts sets
// `frontend` per project.

/** The options a Playwright project sets for these tests. */
export interface AppOptions {
  /** Which frontend system the portal under test runs. */
  frontend: 'new' | 'legacy';
}

export const test = base.extend<AppOptions>({
  frontend: ['new', { option: true }],
});
export { expect };

/** A demo service that its owner, Lucas Moreau, works on. */
export const SERVICE = '/catalog/default/component/checkout-service';

/** A screenshot in e2e-artifacts/, named `legacy-<name>` in the legacy app. */
export function shot(page: Page, name: string) {
  const { frontend } = test.info().project.use as Partial<AppOptions>;
  const prefix = frontend === 'legacy' ? 'legacy-' : '';
  return page.screenshot({
    path: `e2e-artifacts/${prefix}${name}.png`,
    fullPage: true,
  });
}

const valueStreamNavLink = (page: Page) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Value stream' });

/** Signs in as a person of the demo company from the new app's sign-in page. */
export async function signInAs(page: Page, persona: RegExp) {
  await page.goto('/');
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('/');
  await page.getByRole('button', { name: persona }).click();
  await expect(valueStreamNavLink(page)).toBeVisible();
}

/**
 * Signs in as the service owner, Lucas Moreau. The stock legacy app offers
 * only the guest, who acts as Lucas Moreau (app-config.yaml); its sign-in
 * page enters on its own or after "Enter".
 */
export async function signInAsOwner(page: Page, frontend: 'new' | 'legacy') {
  if (frontend === 'new') {
    await signInAs(page, /Sign in as Lucas Moreau/);
    return;
  }
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter.or(valueStreamNavLink(page)).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(valueStreamNavLink(page)).toBeVisible();
}

/**
 * The entity page's Value stream tab: a tab in the legacy app's entity
 * layout, a link of the content navigation in the new app's.
 */
const valueStreamTab = (page: Page) =>
  page
    .getByRole('tab', { name: 'Value stream' })
    .or(
      page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Value stream' }),
    );

/** Waits until no request is in flight and no spinner is left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(
    page.locator(
      '[role="progressbar"]:not([aria-label]):not([aria-labelledby])',
    ),
  ).toHaveCount(0);
}

/** The board page: a column per stage with services in it. */
export async function expectBoard(page: Page) {
  await page.goto('/value-stream');
  await expect(
    page.getByRole('heading', { name: 'Value stream', level: 1 }),
  ).toBeVisible();
  const operate = page.getByRole('region', { name: 'Operate stage' });
  await expect(operate).toBeVisible();
  await expect(operate.getByRole('link').first()).toBeVisible();
}

/** The service's Value stream tab with its stage, records and deliveries. */
export async function expectServiceTab(page: Page) {
  await page.goto(`${SERVICE}/value-stream`);
  await expect(page.getByText('Value stream stage').first()).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Value stream stages' })
      .or(page.getByLabel('Value stream stages'))
      .first(),
  ).toBeVisible();
  await expect(page.getByText('Readiness checklist')).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Service levels' }),
  ).toBeVisible();
  await expect(page.getByText('Open changes').first()).toBeVisible();
  await expect(page.getByText('Releases and deployments')).toBeVisible();
  await expect(page.getByLabel('Deployments to production')).toBeVisible();
  await shot(page, 'entity-value-stream-tab');
}

/** The overview cards of a service (or system) and its Value stream tab. */
export async function expectServiceOverview(page: Page, path = SERVICE) {
  await page.goto(path);
  for (const title of [
    'Value stream stage',
    'Service levels',
    'Open incidents',
    'Open changes',
    'DORA metrics',
  ]) {
    await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
  }
  await expect(valueStreamTab(page)).toBeVisible();
}

/**
 * Raises an incident from the service's tab; it shows on the service and
 * in the incident console.
 */
export async function raiseIncident(page: Page, title: string) {
  await page.goto(`${SERVICE}/value-stream`);
  await page.getByRole('button', { name: 'Raise incident' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill(title);
  await dialog
    .getByLabel('What happened?')
    .fill('Payments from EU cards time out after 30 seconds.');
  await shot(page, 'raise-incident-form');
  await dialog.getByRole('button', { name: 'Raise incident' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText(title).first()).toBeVisible();
  await page.goto('/value-stream/incidents');
  await expect(page.getByText(title).first()).toBeVisible();
  await shot(page, 'incidents-console');
}

/** The change calendar of the changes page: a month, then a week, paged. */
export async function expectChangeCalendar(page: Page) {
  await page.goto('/value-stream/changes');
  await expect(
    page.getByText('Change calendar', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: /^Change calendar, [A-Z][a-z]+ \d{4}$/ }),
  ).toBeVisible();
  await page
    .getByRole('group', { name: 'Calendar view' })
    .getByRole('button', { name: 'Week' })
    .click();
  const week = page.getByRole('table', { name: /^Change calendar, Week of / });
  await expect(week).toBeVisible();
  const shown = await week.getAttribute('aria-label');
  await page
    .getByRole('group', { name: 'Calendar navigation' })
    .getByRole('button', { name: 'Next' })
    .click();
  await expect(week).not.toHaveAttribute('aria-label', shown!);
}

/**
 * An entity page that is not a service's: once it has settled, no stage
 * card, no "Raise incident" and no Value stream tab.
 */
export async function expectNoServiceContent(page: Page) {
  await expect(page.getByText('About').first()).toBeVisible();
  await settled(page);
  await expect(page.getByText('Value stream stage')).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: 'Raise incident' }),
  ).toHaveCount(0);
  await expect(valueStreamTab(page)).toHaveCount(0);
}
