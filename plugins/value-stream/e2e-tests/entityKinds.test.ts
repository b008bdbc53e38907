import {
  expect,
  expectNoServiceContent,
  expectServiceOverview,
  SERVICE,
  shot,
  signInAsOwner,
  test,
} from './flows';

// Cards and tabs appear only on the kinds they are for, in both apps: the
// service cards and tab on components and systems, the asset card on
// Resources with an asset type, and nothing of either elsewhere.

test.beforeEach(async ({ page, frontend }) => {
  await signInAsOwner(page, frontend);
});

test('a service and a system have the service cards and tab', async ({
  page,
}) => {
  await expectServiceOverview(page, SERVICE);
  await shot(page, 'entity-overview');
  await expectServiceOverview(page, '/catalog/default/system/checkout');
  await shot(page, 'system-overview');
});

test('assets have the asset card and nothing of a service', async ({
  page,
}) => {
  for (const name of ['search-engine-license', 'aws-production-account']) {
    await page.goto(`/catalog/default/resource/${name}`);
    await expect(
      page.getByRole('table', { name: 'Asset details' }),
    ).toBeVisible();
    await expectNoServiceContent(page);
    await shot(page, `asset-${name}`);
  }
});

test('other kinds have neither the service cards nor the asset card', async ({
  page,
}) => {
  for (const path of [
    '/catalog/default/resource/checkout-db',
    '/catalog/default/api/storefront-api',
    '/catalog/default/template/new-service',
  ]) {
    await page.goto(path);
    await expectNoServiceContent(page);
    await expect(
      page.getByRole('table', { name: 'Asset details' }),
    ).toHaveCount(0);
  }
});
