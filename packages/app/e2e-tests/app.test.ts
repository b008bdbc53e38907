import { test, expect } from '@playwright/test';

// The portal foundation: sign in as guest, find the demo CMDB in the catalog,
// open a service's entity page, and check that the API refuses anonymous calls.

test('the backend refuses an unauthenticated catalog request', async ({
  request,
}) => {
  const res = await request.get(
    '/api/catalog/entities/by-name/component/default/checkout-service',
  );
  expect(res.status()).toBe(401);
});

test('guest sees the demo catalog and a service page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Guest' }).click();
  await page.getByRole('button', { name: 'Enter' }).click();

  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', {
      name: 'Catalog',
      exact: true,
    }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Checkout service' }),
  ).toBeVisible();
  await page.screenshot({ path: 'e2e-artifacts/catalog.png', fullPage: true });

  await page.getByRole('link', { name: 'Checkout service' }).click();
  await expect(
    page.getByRole('heading', { name: 'Checkout service' }).first(),
  ).toBeVisible();
  await expect(page.getByText('About')).toBeVisible();
  await page.screenshot({
    path: 'e2e-artifacts/entity-page.png',
    fullPage: true,
  });
});
