import { test, expect, Locator, Page } from '@playwright/test';

// Change enablement in the running portal: a standard change made from a
// model the change authority approved; a normal change that the demo's
// approval policy sends to two approvers of the change advisory board; a
// normal change whose window collides with another on the same service; and
// a normal change planned into a change freeze, refused until the change
// authority approves it as a freeze override.

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

/** A planned window of a change. */
interface Window {
  start: Date;
  end: Date;
}

/** `from` to `to` o'clock, local time, on the day of `day`. */
function hoursOn(day: Date, from: number, to: number): Window {
  const start = new Date(day);
  start.setHours(from, 0, 0, 0);
  const end = new Date(day);
  end.setHours(to, 0, 0, 0);
  return { start, end };
}

/**
 * A day a few days ahead, clear of the demo's year-end change freeze (18
 * December to 4 January), which would raise the risk, and of the e2e
 * portal's own freeze (six weeks ahead, see scripts/e2e.sh).
 */
function plannedDay(): Date {
  const day = new Date(Date.now() + 3 * 86_400_000);
  const month = day.getMonth();
  const date = day.getDate();
  if ((month === 11 && date >= 15) || (month === 0 && date <= 6)) {
    day.setFullYear(
      month === 11 ? day.getFullYear() + 1 : day.getFullYear(),
      0,
      10,
    );
  }
  return day;
}

/** A one-hour window on the planned day. */
function plannedWindow(): Window {
  return hoursOn(plannedDay(), 10, 11);
}

/**
 * The e2e portal's change freeze, which scripts/e2e.sh places some weeks
 * ahead and app-config.e2e.yaml names.
 */
function testFreeze(): { name: string; start: Date; end: Date } {
  const start = process.env.VALUE_STREAM_E2E_FREEZE_START;
  const end = process.env.VALUE_STREAM_E2E_FREEZE_END;
  if (!start || !end) {
    throw new Error(
      "VALUE_STREAM_E2E_FREEZE_START and VALUE_STREAM_E2E_FREEZE_END are unset: run the browser tests through scripts/e2e.sh, which places the e2e portal's change freeze",
    );
  }
  return {
    name: 'E2E release freeze',
    start: new Date(start),
    end: new Date(end),
  };
}

/** A string that a regular expression matches literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function requestChange(
  page: Page,
  change: {
    title: string;
    description: string;
    model?: string;
    window?: Window;
    shot?: string;
  },
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
  const window = change.window ?? plannedWindow();
  await dialog.getByLabel('Planned start').fill(localInput(window.start));
  await dialog.getByLabel('Planned end').fill(localInput(window.end));
  await shot(
    page,
    change.shot ??
      (change.model ? 'request-standard-change' : 'request-change'),
  );
  await dialog.getByRole('button', { name: 'Request change' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * Asks to move the change to `to` through the transition dialog of its row;
 * the dialog is left open when the backend refuses.
 */
async function submitMove(page: Page, title: string, to: string) {
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
  return dialog;
}

/** Moves the change to `to` through the transition dialog of its row. */
async function move(page: Page, title: string, to: string) {
  await expect(await submitMove(page, title, to)).toBeHidden();
}

/** Opens the approval dialog of a change from the changes page. */
async function openApproval(page: Page, title: string) {
  await page.goto('/value-stream/changes');
  await page
    .getByRole('button', { name: `Approve or reject ${title}` })
    .first()
    .click();
  return page.getByRole('dialog');
}

/** Approves the change in its approval dialog, as an override if asked. */
async function approveChange(
  page: Page,
  title: string,
  options: { freezeOverride?: boolean } = {},
) {
  const approval = await openApproval(page, title);
  await approval.getByLabel('Approve', { exact: true }).check();
  if (options.freezeOverride) {
    await approval.getByLabel('Approve as a freeze override').check();
  }
  await approval.getByRole('button', { name: 'Record decision' }).click();
  await expect(approval).toBeHidden();
}

/** `Month yyyy`, as the change calendar names a month. */
const monthName = (date: Date) =>
  date.toLocaleDateString('en-US', { month: 'long', year: 'numeric' });

/**
 * The change calendar of the changes page, paged from this month to the
 * month of `date`.
 */
async function calendarMonth(page: Page, date: Date): Promise<Locator> {
  await page.goto('/value-stream/changes');
  const now = new Date();
  await expect(
    page.getByRole('table', { name: `Change calendar, ${monthName(now)}` }),
  ).toBeVisible();
  const months =
    (date.getFullYear() - now.getFullYear()) * 12 +
    date.getMonth() -
    now.getMonth();
  const next = page
    .getByRole('group', { name: 'Calendar navigation' })
    .getByRole('button', { name: 'Next' });
  for (let i = 0; i < months; i++) {
    await next.click();
  }
  const calendar = page.getByRole('table', {
    name: `Change calendar, ${monthName(date)}`,
  });
  await expect(calendar).toBeVisible();
  return calendar;
}

/** The calendar's cell of a day, named like `January 5, 2027`. */
const dayCell = (calendar: Locator, day: Date) =>
  calendar.getByRole('cell', {
    name: day.toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
    }),
    exact: true,
  });

// Each walk signs in as two to four people in turn; on a loaded machine a
// walk takes longer than the default 90 s.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

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

test('an approver sees a change collide with another on the same service', async ({
  page,
}) => {
  const first = `Rotate the checkout database credentials ${stamp}`;
  const second = `Upgrade the checkout order schema ${stamp}`;
  const day = plannedDay();

  // The team plans two changes to the checkout service whose windows overlap.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await requestChange(page, {
    title: first,
    description: 'Rotate the database password; the old one stays valid a day.',
    window: hoursOn(day, 14, 16),
  });
  await requestChange(page, {
    title: second,
    description: 'Add the order status column; the migration is online.',
    window: hoursOn(day, 15, 17),
    shot: 'request-conflicting-change',
  });
  await move(page, second, 'Assess');
  await move(page, second, 'Authorize');

  // The approver sees the other change in the approval dialog, on the same
  // service.
  await signInAs(page, /Sign in as Margaret O'Connor/);
  const approval = await openApproval(page, second);
  const conflicts = approval.getByRole('table', {
    name: 'Conflicting changes',
  });
  await expect(conflicts).toBeVisible();
  const row = conflicts.getByRole('row', { name: new RegExp(literal(first)) });
  await expect(row).toContainText('Same service');
  await expect(row).toContainText(/checkout[- ]service/i);
  await shot(page, 'change-approval-conflicts');
  await approval.getByRole('button', { name: 'Cancel' }).click();
  await expect(approval).toBeHidden();

  // The change calendar marks both changes of the collision.
  const calendar = await calendarMonth(page, day);
  const cell = dayCell(calendar, day);
  const secondMark = cell.getByLabel(
    new RegExp(`^${literal(second)}, collides with .*${literal(first)}`),
  );
  await expect(secondMark).toHaveText(`⚠ ${second}`);
  const firstMark = cell.getByLabel(
    new RegExp(`^${literal(first)}, collides with .*${literal(second)}`),
  );
  await expect(firstMark).toHaveText(`⚠ ${first}`);
  await cell.scrollIntoViewIfNeeded();
  await shot(page, 'change-calendar-collision');
});

test('a change in a freeze is refused until the change authority overrides the freeze', async ({
  page,
}) => {
  const freeze = testFreeze();
  const title = `Reindex the checkout search ${stamp}`;
  const day = new Date(freeze.start.getTime() + 2 * 86_400_000);

  await signInAs(page, /Sign in as Lucas Moreau/);
  await requestChange(page, {
    title,
    description: 'Rebuild the order search index; reads fall back to SQL.',
    window: hoursOn(day, 10, 12),
    shot: 'request-change-in-freeze',
  });
  await move(page, title, 'Assess');
  await move(page, title, 'Authorize');

  // Both board members approve; the approval dialog warns of the freeze.
  await signInAs(page, /Sign in as Margaret O'Connor/);
  const approval = await openApproval(page, title);
  // A window six weeks ahead may lie in the year-end freeze too.
  await expect(approval.getByRole('note')).toHaveText(
    new RegExp(
      `^The planned window overlaps change freeze: .*${literal(freeze.name)}`,
    ),
  );
  await approval.getByRole('button', { name: 'Cancel' }).click();
  await expect(approval).toBeHidden();
  await approveChange(page, title);
  await signInAs(page, /Sign in as Rebecca Stein/);
  await approveChange(page, title);

  // Scheduling it in the freeze is refused, and the refusal names the freeze.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await page.goto(SERVICE);
  const refused = await submitMove(page, title, 'Scheduled');
  const alert = refused.getByRole('alert');
  await expect(alert).toContainText(
    'The record changed or the action is not allowed in its state',
  );
  await expect(alert).toContainText(
    'The planned window overlaps the change freeze',
  );
  await expect(alert).toContainText(
    `"${
      freeze.name
    }" (${freeze.start.toISOString()} to ${freeze.end.toISOString()})`,
  );
  await expect(alert).toContainText('freeze override');
  await shot(page, 'change-refused-in-freeze');
  await refused.getByRole('button', { name: 'Cancel' }).click();
  await expect(refused).toBeHidden();
  await expect(
    page.getByRole('row', { name: new RegExp(literal(title)) }).first(),
  ).toContainText('Authorize');

  // The change calendar draws the freeze over the change's day.
  const calendar = await calendarMonth(page, day);
  const cell = dayCell(calendar, day);
  await expect(cell).toContainText(`Freeze: ${freeze.name}`);
  await expect(cell).toContainText(title);
  await cell.scrollIntoViewIfNeeded();
  await shot(page, 'change-calendar-freeze');

  // A third board member approves it as a freeze override.
  await signInAs(page, /Sign in as Tomasz Kowalski/);
  await approveChange(page, title, { freezeOverride: true });

  // Now the requester schedules it in the freeze.
  await signInAs(page, /Sign in as Lucas Moreau/);
  await page.goto(SERVICE);
  await move(page, title, 'Scheduled');
  await expect(
    page.getByRole('row', { name: new RegExp(literal(title)) }).first(),
  ).toContainText('Scheduled');
  await shot(page, 'change-scheduled-with-freeze-override');
});
