import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './flows';

// A service owner runs the new-service template from the portal: the
// service is published to a local directory, registered in the catalog and
// shows on the value stream board at demand with its change and proposed
// service level.

const name = `gift-wrap-${Date.now().toString(36)}`;

async function pick(page: Page, label: string, search: string, option: RegExp) {
  const field = page.getByRole('textbox', { name: label });
  await field.click();
  await field.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

test('a service owner creates a service from the template', async ({
  page,
}) => {
  await signInAs(page, /Sign in as Lucas Moreau/);

  await page.goto('/create/templates/default/new-service');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Wraps gifts: paper, ribbon and a card');
  await pick(page, 'Owner', 'checkout', /checkout/i);
  await pick(page, 'System', 'checkout', /checkout/i);
  await shot(page, 'template-service');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByText('Service level tier').first()).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await shot(page, 'template-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // Every step done; the output names the stage and links to the tab.
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await expect(page.getByText(/in the catalog and in the/)).toBeVisible({
    timeout: 120_000,
  });
  await shot(page, 'template-done');
  await page
    .getByTestId('output-box')
    .getByRole('link', { name: 'Value stream', exact: true })
    .click();
  await expect(page.getByText('Value stream stage').first()).toBeVisible();
  await expect(page.getByText(`Introduce ${name}`).first()).toBeVisible();
  await expect(page.getByText('Silver').first()).toBeVisible();
  await shot(page, 'template-entity-tab');

  await page.goto('/value-stream');
  const card = page.getByRole('link', { name: new RegExp(name) }).first();
  await expect(card).toBeVisible();
  await shot(page, 'template-board');
});
