import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// The Tech Insights scorecard on a demo service: the Value Stream facts are
// retrieved soon after the backend starts (techInsights.factRetrievers in
// app-config.yaml), and the card runs the example checks on them.

const CHECKS = [
  'Agreed service level',
  'Within error budget',
  'No open P1/P2 incidents',
  'Change failure rate under 15%',
  'No value stream gaps',
];

test('a service page shows its Tech Insights scorecard', async ({ page }) => {
  // The first retrieval runs 45 s after the backend starts.
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Guest' }).click();
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.goto('/catalog/default/component/checkout-service');

  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('list', { name: 'Scorecard checks' }),
    ).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  await expect(page.getByText('Scorecard', { exact: true })).toBeVisible();
  const card = page.getByRole('list', { name: 'Scorecard checks' });
  for (const name of CHECKS) {
    await expect(card.getByText(name, { exact: true })).toBeVisible();
  }
  await expect(page.getByText(/^\d of 5 checks passed$/)).toBeVisible();
  // The checkout service operates under an agreed service level.
  const agreed = card.getByTestId(
    'scorecard-check-valueStreamAgreedServiceLevel',
  );
  await expect(agreed).toHaveAttribute('data-result', 'passed');
  await expect(agreed.getByText('Passed')).toBeVisible();
  // The card's checks meet WCAG 2.1 AA as the rest of the portal does.
  const { violations } = await new AxeBuilder({ page })
    .include('[aria-label="Scorecard checks"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => v.id),
  ).toEqual([]);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: 'e2e-artifacts/scorecard.png',
    fullPage: true,
  });
});
