// The workspace's Health page: the sandbox's bots, its panel's Admin API calls and its jobs at a
// glance, and the configuration checks with a link to the page that fixes each.
import { test, expect } from '@playwright/test';
import { shot } from './helpers.mjs';

test('the Health page shows the sandbox channels, panel calls and jobs', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/login');
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox chat' })).toBeVisible({ timeout: 15000 });
  await page.getByRole('navigation').getByRole('link', { name: 'Health' }).click();
  await expect(page.getByRole('heading', { name: 'Health', exact: true })).toBeVisible();
  await expect(page.getByTestId('health-channels')).toContainText('Telegram');
  await expect(page.getByTestId('health-channels')).toContainText('WhatsApp');
  await expect(page.getByTestId('health-panels')).toContainText('req/s');
  // The sandbox reads its panel's tickets: the job shows with its last run.
  await expect(page.getByTestId('health-jobs')).toContainText('Ticket reading', { timeout: 15000 });
  await expect(page.getByTestId('health-checks')).toBeVisible();
  await shot(page, '70-health');
  expect(errors).toEqual([]);
});
