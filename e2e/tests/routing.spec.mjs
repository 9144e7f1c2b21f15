// Routing in Chromium: a service-ID rule belongs to one panel, is switched off and back in the
// table, and is deleted after a confirmation; a destination and a provider are deleted the same
// way (Cancel keeps them).
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const OWNER = { email: `routing${stamp}@sunrise.test`, password: 'copper lantern meadow 57', workspace: 'Routing SMM' };
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const confirm = (page, answer) => page.getByRole('dialog').getByRole('button', { name: answer, exact: true }).click();

test('service-ID rules, destinations and providers are switched and deleted from their tables', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signUp(page, OWNER);
  await connectFakePanel(page);
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('panel-notice')).toContainText('services read');

  await nav(page, 'Routing');
  await page.getByRole('button', { name: 'Add destination' }).click();
  await page.getByLabel('Name').fill('Likes desk');
  await page.getByLabel('Chat id, group id (…@g.us) or number').fill('-1009876543210');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('destinations')).toContainText('Likes desk');
  // Destinations are edited in the same dialog, filled with what is stored.
  await page.getByTestId('destinations').getByRole('row').filter({ hasText: 'Likes desk' })
    .getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Likes desk');
  await page.getByLabel('Name').fill('Likes desk A');
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('destinations')).toContainText('Likes desk A');

  // A rule for service 1187 on the panel; a second one for the same id is refused.
  await page.locator('#rule-panel').selectOption({ label: 'Main panel' });
  await page.locator('#rule-service').fill('1187');
  await page.locator('#rule-destination').selectOption({ label: 'Likes desk A' });
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rules = page.getByTestId('service-routes');
  await expect(rules).toContainText('1187');
  await expect(rules).toContainText('Main panel');
  await page.locator('#rule-service').fill('1187');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByText(/already has a rule/)).toBeVisible();

  // Switched off in the table, and still off after a reload.
  await page.getByLabel('Rule enabled for service 1187').click();
  await page.reload();
  await expect(page.getByLabel('Rule enabled for service 1187')).not.toBeChecked();
  await shot(page, '35-service-rules');

  // Delete asks first: Cancel keeps the rule, Delete removes it.
  await rules.getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Cancel');
  await expect(rules).toContainText('1187');
  await rules.getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Delete');
  await expect(rules).toContainText('No service-ID rules');

  await page.getByTestId('destinations').getByRole('row').filter({ hasText: 'Likes desk' })
    .getByRole('button', { name: 'Delete' }).click();
  await confirm(page, 'Delete');
  await expect(page.getByTestId('destinations')).not.toContainText('Likes desk');

  await nav(page, 'Providers');
  // Aliases are edited in place (inputs): count the rows' Delete buttons.
  const deletes = page.getByTestId('providers').getByRole('button', { name: 'Delete' });
  await expect(deletes).toHaveCount(2);
  await deletes.first().click();
  await confirm(page, 'Cancel');
  await expect(deletes).toHaveCount(2);
  await deletes.first().click();
  await confirm(page, 'Delete');
  await expect(deletes).toHaveCount(1);
  expect(errors).toEqual([]);
});
