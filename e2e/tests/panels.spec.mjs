// Panels, providers by alias, order lookup and the master admin's backups in Chromium — and no
// rendered page ever shows a provider's domain (the fake panel's providers are canaries).
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const OWNER = { email: `panels${stamp}@sunrise.test`, password: 'copper meadow ridge 3', workspace: 'Canary SMM' };
const CANARIES = [process.env.CANARY_ORDER_DOMAIN, process.env.CANARY_SERVICES_DOMAIN, process.env.CANARY_MANUAL_DOMAIN];

function pieces() {
  const out = [];
  for (const c of CANARIES) for (let i = 0; i + 6 <= c.length; i++) out.push(c.slice(i, i + 6));
  return out;
}

async function assertNoDomain(page, where) {
  const html = (await page.content()).toLowerCase();
  const text = (await page.evaluate(() => document.body.innerText)).toLowerCase();
  const values = (await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).join(' '))).toLowerCase();
  for (const p of pieces()) {
    expect(html.includes(p) || text.includes(p) || values.includes(p), `${where} shows "${p}" of a provider domain`).toBeFalsy();
  }
}

test('owner connects a panel, sees providers only as aliases, and the admin reveals with an audit', async ({ page, browser }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signUp(page, OWNER);

  // Connect the (fake) panel and test it.
  await connectFakePanel(page);
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByTestId('panel-notice')).toContainText('Connected');
  await expect(page.getByTestId('panels')).toContainText('Connected');
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('panel-notice')).toContainText('new providers found');
  await shot(page, '20-panels');
  await assertNoDomain(page, 'Panels');

  // Add a provider by domain: the field is write-only.
  await page.getByRole('navigation').getByRole('link', { name: 'Providers' }).click();
  await expect(page.getByTestId('privacy-line')).toHaveText('Requests are forwarded using provider aliases to protect your privacy.');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByLabel('Provider domain')).toHaveAttribute('type', 'password');
  await page.getByLabel('Provider domain').fill(process.env.CANARY_MANUAL_DOMAIN);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  // Two providers from the service list and the one added by hand (one Delete button per row).
  await expect(page.getByTestId('providers')).toContainText('Added by hand');
  await expect(page.getByTestId('providers').getByRole('button', { name: 'Delete' })).toHaveCount(3);
  await assertNoDomain(page, 'Providers after adding');

  // Look orders up: the provider shows as its alias.
  await page.getByRole('navigation').getByRole('link', { name: 'Order lookup' }).click();
  await page.getByLabel('Order id').fill('2274209');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('order-details')).toContainText('596723');
  await expect(page.getByTestId('order-details')).toContainText('Provider 1');
  await expect(page.getByTestId('order-details')).toContainText('mira_boost');
  await shot(page, '21-order-lookup');
  await assertNoDomain(page, 'Order lookup');
  await page.getByLabel('Order id').fill('-5');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toContainText('is not an order id');
  await page.getByLabel('Order id').fill('9999999');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toContainText('not found');

  // Rename and switch a provider off.
  await page.getByRole('navigation').getByRole('link', { name: 'Providers' }).click();
  const first = page.getByTestId('providers').getByRole('row').nth(1);
  await first.getByLabel('Alias').fill('FastLikes_A');
  await first.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByTestId('providers').getByLabel('Alias').first()).toHaveValue('FastLikes_A');
  await first.getByLabel('Enabled').click();
  await page.reload();
  await expect(page.getByTestId('providers').getByLabel('Enabled').first()).not.toBeChecked();
  await shot(page, '22-providers');
  await assertNoDomain(page, 'Providers');
  expect(errors).toEqual([]);

  // The master admin sees the backups and reveals one, which is recorded.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto('/login');
  await admin.getByLabel('Email').fill(process.env.ADMIN_EMAIL);
  await admin.getByLabel('Password').fill(process.env.ADMIN_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('navigation').getByRole('link', { name: 'Backups' }).click();
  const row = admin.getByTestId('backups').getByRole('row').filter({ hasText: 'FastLikes_A' }).or(
    admin.getByTestId('backups').getByRole('row').filter({ hasText: 'Provider 1' })).first();
  await expect(admin.getByTestId('backups')).toContainText(OWNER.workspace);
  await assertNoDomain(admin, 'Backups list');
  await row.getByRole('button', { name: 'Reveal' }).click();
  // A reason is asked first; without one nothing is shown.
  await admin.getByTestId('confirm-reveal').click();
  await expect(admin.getByRole('dialog', { name: 'Reveal this backup?' })).toContainText('4 to 300 characters');
  await expect(admin.getByTestId('revealed')).toHaveCount(0);
  await admin.getByLabel('Reason').fill('owner lost access to the provider');
  await admin.getByTestId('confirm-reveal').click();
  await expect(admin.getByTestId('revealed')).not.toBeEmpty();
  const revealed = await admin.getByTestId('revealed').textContent();
  expect(CANARIES).toContain(revealed.trim());
  await admin.getByRole('button', { name: 'Close' }).click();
  await expect(admin.getByTestId('reveals')).toContainText(process.env.ADMIN_EMAIL);
  await expect(admin.getByTestId('reveals')).toContainText('owner lost access to the provider');
  await expect(admin.getByTestId('reveals')).toContainText(OWNER.workspace);
  await shot(admin, '23-admin-backups');
  await adminContext.close();

  // The owner cannot reach the backups.
  await page.goto('/admin/backups');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('backups')).toHaveCount(0);
});
