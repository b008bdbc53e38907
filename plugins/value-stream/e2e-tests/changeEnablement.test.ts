import { test, expect, Page } from '@playwright/test';

// Change enablement in the running portal: a standard change made from a
// model the change authority approved, and a normal change that the demo's
// approval policy sends to two approvers of the change advisory board.

const SERVICE = '/catalog/default/component/checkout-service/value-stream';
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });

async function signInAs(page: Page, persona: RegExp) {
  await page.goto('/');
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('/');
  await page.getByRole('button', { name: persona }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Value stream' }),
  ).toBeVisible();
}

/** `yyyy-MM-ddTHH:mm` of a local time, for a `datetime-local` input. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A one-hour window a few days ahead, clear of the demo's year-end change
 * freeze (18 December to 4 January), which would raise the risk.
 */
function plannedWindow(): { start: string; end: string } {
  const start = new Date(Date.now() + 3 * 86_400_000);
  const month = start.getMonth();
  const day = start.getDate();
  if ((month === 11 && day >= 15) || (month === 0 && day <= 6)) {
    start.setFullYear(
      month === 11 ? start.getFullYear() + 1 : start.getFullYear(),
      0,
      10,
    );
  }
  start.setHours(10, 0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  return { start: localInput(start), end: localInput(end) };
}

async function requestChange(
  page: Page,
  change: { title: string; description: string; model?: string },
) {
  await page.goto(SERVICE);
  await page.getByRole('button', { name: 'Request change' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill(change.title);
  await dialog.getByLabel('Description').fill(change.description);
  if (change.model) {
    await dialog.getByRole('button', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Standard' }).click();
    await dialog.getByRole('button', { name: /Standard-change model/ }).click();
    await page.getByRole('option', { name: change.model }).click();
    await expect(dialog.getByText(/^Risk ceiling Very high:/)).toBeVisible();
  }
  const window = plannedWindow();
  await dialog.getByLabel('Planned start').fill(window.start);
  await dialog.getByLabel('Planned end').fill(window.end);
  await shot(page, change.model ? 'request-standard-change' : 'request-change');
  await dialog.getByRole('button', { name: 'Request change' }).click();
  await expect(dialog).toBeHidden();
}

/** Moves the change to `to` through the transition dialog of its row. */
async function move(page: Page, title: string, to: string) {
  await page
    .getByRole('button', { name: `Move change ${title}` })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /New state/ }).click();
  await page.getByRole('option', { name: to, exact: true }).click();
  await dialog
    .getByRole('button', { name: `Move to ${to.toLowerCase()}` })
    .click();
  await expect(dialog).toBeHidden();
}

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);

test('a standard change is made from a model the change authority approved', async ({
  page,
}) => {
  const model = `Restart the checkout workers ${stamp}`;
  const title = `Restart the checkout workers now ${stamp}`;

  // A team lead proposes the model for the services of their team.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await page.goto('/value-stream/standard-changes');
  await page.getByRole('button', { name: 'Propose a model' }).click();
  const propose = page.getByRole('dialog');
  await propose.getByLabel(/^Name/).fill(model);
  await propose
    .getByLabel(/^Procedure/)
    .fill('Restart the worker pods one by one and watch the queue drain.');
  await propose.getByLabel('Owners').fill('group:default/checkout');
  await propose.getByRole('button', { name: /Risk ceiling/ }).click();
  await page.getByRole('option', { name: 'Very high' }).click();
  const year = new Date(Date.now() + 365 * 86_400_000);
  const half = new Date(Date.now() + 180 * 86_400_000);
  await propose.getByLabel(/^Expires/).fill(localInput(year));
  await propose.getByLabel(/^Review by/).fill(localInput(half));
  await propose.getByRole('button', { name: 'Propose' }).click();
  await expect(propose).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(model) });
  await expect(row).toContainText('Proposed');
  // Nobody approves what they proposed: Lucas is not the change authority.
  await expect(
    page.getByRole('button', { name: `Approve ${model}` }),
  ).toHaveCount(0);

  // The change manager approves it.
  await signInAs(page, /Sign in as Margaret O'Connor/);
  await page.goto('/value-stream/standard-changes');
  await page.getByRole('button', { name: `Approve ${model}` }).click();
  const approve = page.getByRole('dialog');
  await approve.getByLabel('Note').fill('A routine restart; agreed.');
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(approve).toBeHidden();
  await expect(
    page.getByRole('row', { name: new RegExp(model) }),
  ).toContainText('Approved');
  await shot(page, 'standard-change-catalog');

  // The team raises a standard change from it and schedules it at once.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await requestChange(page, {
    title,
    description: 'The workers stopped reading the order queue.',
    model,
  });
  await expect(page.getByText(title).first()).toBeVisible();
  await move(page, title, 'Scheduled');
  await expect(
    page.getByRole('row', { name: new RegExp(title) }).first(),
  ).toContainText('Scheduled');
  await shot(page, 'standard-change-scheduled');
});

test('a normal change waits for two approvals of the change advisory board', async ({
  page,
}) => {
  const title = `Move checkout to the new payment gateway ${stamp}`;
  await signInAs(page, /Sign in as Lucas Moreau/);
  await requestChange(page, {
    title,
    description: 'Switch the gateway client; roll back by config.',
  });
  await move(page, title, 'Assess');
  await move(page, title, 'Authorize');

  // The first board member approves; the change still waits for another.
  await signInAs(page, /Sign in as Margaret O'Connor/);
  await page.goto('/value-stream/changes');
  await page
    .getByRole('button', { name: `Approve or reject ${title}` })
    .first()
    .click();
  let approval = page.getByRole('dialog');
  await expect(
    approval.getByText(
      /^2 more approvals from group:default\/change-advisory-board/,
    ),
  ).toBeVisible();
  await approval.getByLabel('Approve').check();
  await approval.getByRole('button', { name: 'Record decision' }).click();
  await expect(approval).toBeHidden();

  // The second sees it waiting, and who still has to decide.
  await signInAs(page, /Sign in as Rebecca Stein/);
  await page.goto('/value-stream/changes');
  await page
    .getByRole('button', { name: `Approve or reject ${title}` })
    .first()
    .click();
  approval = page.getByRole('dialog');
  await expect(
    approval.getByText(
      /^1 more approval from group:default\/change-advisory-board/,
    ),
  ).toBeVisible();
  await expect(
    approval.getByText('Approved so far: margaret-oconnor'),
  ).toBeVisible();
  await shot(page, 'change-second-approval');
  await approval.getByLabel('Approve').check();
  await approval.getByRole('button', { name: 'Record decision' }).click();
  await expect(approval).toBeHidden();

  // With both approvals the requester schedules it in its window.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await page.goto(SERVICE);
  await move(page, title, 'Scheduled');
  await expect(
    page.getByRole('row', { name: new RegExp(title) }).first(),
  ).toContainText('Scheduled');
  await shot(page, 'change-scheduled-after-two-approvals');
});
