import {
  expect,
  expectServiceTab,
  raiseIncident,
  SERVICE,
  shot,
  signInAs,
  test,
} from './flows';

// Walks the value stream of a demo service in the running portal: a service
// owner sees its stage and records, raises an incident and requests a change;
// the change manager then approves it. Screenshots of every page are kept.

const SERVICE_TAB = `${SERVICE}/value-stream`;

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const incidentTitle = `Checkout times out for EU customers ${stamp}`;
const changeTitle = `Raise the checkout connection pool ${stamp}`;

test('a service owner sees the value stream of a service', async ({ page }) => {
  await signInAs(page, /Sign in as Lucas Moreau/);
  await expectServiceTab(page);
});

test('raising an incident shows it on the service and in the console', async ({
  page,
}) => {
  await signInAs(page, /Sign in as Lucas Moreau/);
  await raiseIncident(page, incidentTitle);
});

test('a requested change is approved by the change manager', async ({
  page,
}) => {
  await signInAs(page, /Sign in as Lucas Moreau/);
  await page.goto(SERVICE_TAB);

  await page.getByRole('button', { name: 'Request change' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill(changeTitle);
  await dialog
    .getByLabel('Description')
    .fill('Peak traffic exhausts the pool; raise it from 20 to 40.');
  await dialog.getByRole('button', { name: 'Request change' }).click();
  await expect(dialog).toBeHidden();

  // new -> assess -> authorize, each the first state the lifecycle offers.
  for (const to of ['assess', 'authorize']) {
    await page
      .getByRole('button', { name: `Move change ${changeTitle}` })
      .first()
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Move to ${to}` })
      .click();
    await expect(page.getByRole('dialog')).toBeHidden();
  }

  await signInAs(page, /Sign in as Margaret O'Connor/);
  await page.goto('/value-stream/changes');
  const waiting = page
    .getByText('Waiting for my approval')
    .locator('..')
    .locator('..');
  await expect(page.getByText(changeTitle).first()).toBeVisible();
  await shot(page, 'changes-waiting-for-approval');
  await page
    .getByRole('button', { name: `Approve or reject ${changeTitle}` })
    .first()
    .click();
  const approval = page.getByRole('dialog');
  await approval.getByLabel('Approve').check();
  await approval.getByLabel('Comment').fill('Low risk, within the window.');
  await approval.getByRole('button', { name: 'Record decision' }).click();
  await expect(approval).toBeHidden();
  await expect(waiting).toBeVisible();

  await page.goto(SERVICE_TAB);
  await expect(
    page.getByText(/margaret-oconnor approved/).first(),
  ).toBeVisible();
  await shot(page, 'change-approved');
});

test('every portal page renders', async ({ page }) => {
  await signInAs(page, /Sign in as Jade Thompson/);
  for (const [tab, path] of [
    ['board', ''],
    ['changes', '/changes'],
    ['incidents', '/incidents'],
    ['problems', '/problems'],
    ['service-levels', '/service-levels'],
    ['metrics', '/metrics'],
    ['events', '/events'],
    ['assets', '/assets'],
  ]) {
    await page.goto(`/value-stream${path}`);
    await expect(
      page.getByRole('heading', { name: 'Value stream' }).first(),
    ).toBeVisible();
    await expect(page.getByText(/Error:/)).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    await shot(page, `page-${tab}`);
  }

  // Jade's team is the incident management group: the console offers her
  // to move incidents of services the SRE team does not own.
  await page.goto('/value-stream/incidents');
  await expect(
    page
      .getByRole('table', { name: 'Incidents' })
      .getByRole('button', { name: /^Move incident/ })
      .first(),
  ).toBeVisible();

  // Backstage's theme breaks table cells inside words; the plugin's tables
  // keep them whole, which only a browser's cascade can tell.
  await page.goto('/value-stream/service-levels');
  const header = page.getByRole('columnheader', { name: 'Actions' });
  await expect(header).toBeVisible();
  expect(await header.evaluate(el => getComputedStyle(el).wordBreak)).toBe(
    'normal',
  );
});
