import {
  expectBoard,
  expectChangeCalendar,
  expectServiceTab,
  raiseIncident,
  shot,
  signInAsOwner,
  test,
} from './flows';

// The main flows in the legacy frontend system app (packages/app-legacy),
// which wires the plugin's legacy exports as the README says; the overview
// cards and the kind guards are in entityKinds.test.ts, which runs there
// too. The stock legacy sign-in offers only the guest (Lucas Moreau, the
// service owner), so the change manager's approval stays with
// valueStream.test.ts.

test.beforeEach(async ({ page, frontend }) => {
  await signInAsOwner(page, frontend);
});

test('the board page shows the services by stage', async ({ page }) => {
  await expectBoard(page);
  await shot(page, 'page-board');
});

test("a service's Value stream tab", async ({ page }) => {
  await expectServiceTab(page);
});

test('raising an incident shows it on the service and in the console', async ({
  page,
}) => {
  await raiseIncident(
    page,
    `Checkout times out for EU customers ${Date.now().toString(36)}`,
  );
});

test('the change calendar pages by month and week', async ({ page }) => {
  await expectChangeCalendar(page);
  await shot(page, 'change-calendar');
});
