// The command engine's pages in Chromium: routing a provider alias, a dry run that shows the
// grouped provider message and the reply, the logs, templates, settings and service rules.
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const OWNER = { email: `engine${stamp}@sunrise.test`, password: 'amber kettle sonnet 42', workspace: 'Engine SMM' };
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

test('owner routes a provider, dry-runs a bulk refill and sees it in the logs', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signUp(page, OWNER);

  await connectFakePanel(page);
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('panel-notice')).toContainText('services read');

  // A destination, then Provider 1 routed to it.
  await nav(page, 'Routing');
  await page.getByRole('button', { name: 'Add destination' }).click();
  await page.getByLabel('Name').fill('Provider group A');
  await page.getByLabel('Chat id, group id (…@g.us) or number').fill('-1001234567890');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('destinations')).toContainText('Provider group A');
  await page.getByLabel('Destination for Provider 1').selectOption({ label: 'Provider group A' });
  await expect(page.getByText('Route for Provider 1 saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Route enabled for Provider 1')).toBeChecked();
  await shot(page, '30-routing');

  // The dry run.
  await nav(page, 'Test a command');
  await page.getByLabel('Customer username').fill('mira_boost');
  await page.getByLabel('Customer message').fill('2274209, 2274210 refill');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sim-messages')).toContainText('596723, 596724 refill');
  await expect(page.getByTestId('sim-messages')).toContainText('Provider group A');
  await expect(page.getByTestId('sim-reply')).toContainText('Refill requested for order 2274209');
  await expect(page.getByTestId('sim-verdicts').locator('[data-outcome="accepted"]')).toHaveCount(2);
  await expect(page.getByTestId('sim-verdicts')).toContainText('Sent to provider');
  await shot(page, '31-test-command');
  await page.getByLabel('Customer message').fill('2274218 refill');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sim-verdicts')).toContainText("Not the customer's order");
  await expect(page.getByTestId('sim-verdicts')).not.toContainText('not_your_order');
  await expect(page.getByTestId('sim-reply')).toContainText('not linked to your account');

  // The dashboard ticks the steps done so far (panel tested, routes, a command tried).
  await nav(page, 'Dashboard');
  await expect(page.locator('[data-step="panel"]')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-step="test"]')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('chart')).toBeVisible();
  await shot(page, '33-dashboard');

  await nav(page, 'Logs');
  await expect(page.getByTestId('command-log')).toContainText('2274209, 2274210 refill');
  await expect(page.getByTestId('command-log')).toContainText('simulate (test)');
  await shot(page, '32-logs');

  await nav(page, 'Templates');
  const refillOk = page.getByLabel('Refill accepted');
  // Typed only once the saved templates are in the form (a late load would overwrite what was typed).
  await expect(refillOk).not.toHaveValue('');
  await refillOk.fill('Done ✅ {order_id} goes to refill.');
  await expect(page.getByRole('row').filter({ hasText: 'Refill accepted' })).toContainText('Done ✅ 2274209 goes to refill.');
  await page.getByRole('button', { name: 'Save templates' }).click();
  await expect(page.getByText('Templates saved.')).toBeVisible();
  await shot(page, '33-templates');

  await nav(page, 'Settings');
  // Typed only once the saved settings are in the form.
  await expect(page.getByLabel('Refill cooldown (hours)')).not.toHaveValue('');
  await page.getByLabel('Refill cooldown (hours)').fill('24');
  await page.getByLabel('Extra command words (one command per line, e.g. refill: garansi, isi ulang)').fill('refill: garansi');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.getByLabel('Refill cooldown (hours)').fill('-3');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('Cooldowns must be between');
  await shot(page, '34-settings');

  await nav(page, 'Service rules');
  await expect(page.getByTestId('service-rules')).toContainText('Instagram Likes | Instant | 30D Refill');
  await page.getByLabel('Service name to test').fill('Instagram Likes [R30] [Start: 0-1 Hour]');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByTestId('service-check')).toContainText('Refill: 30');
  await shot(page, '35-service-rules');

  await nav(page, 'Test a command');
  await page.getByLabel('Customer username').fill('mira_boost');
  await page.getByLabel('Customer message').fill('garansi 2274209');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sim-reply')).toContainText('Done ✅ 2274209 goes to refill.');

  await nav(page, 'Customers');
  await page.getByLabel('Chat id (Telegram id or 7900…@c.us)').fill('5551234');
  await page.getByLabel('Panel username').fill('mira_boost');
  await page.getByRole('button', { name: 'Link by hand' }).click();
  await expect(page.getByTestId('links')).toContainText('mira_boost');
  await expect(page.getByTestId('links')).toContainText('approved');
  await page.getByLabel('Chat id', { exact: true }).fill('-100777888');
  await page.getByLabel('Label', { exact: true }).fill('Support team');
  await page.getByRole('button', { name: 'Add admin chat' }).click();
  await expect(page.getByTestId('admin-chats')).toContainText('Support team');
  await shot(page, '36-customers');
  expect(errors).toEqual([]);
});
