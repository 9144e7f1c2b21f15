// The foundation flow in a real browser: master admin, sign-up, owner, staff invite, API key,
// and the owner kept out of the master admin's Tenants page. A screenshot of every page.
import { test, expect } from '@playwright/test';

const ADMIN_EMAIL = process.env.ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const stamp = Date.now();
const OWNER = { email: `owner${stamp}@sunrise.test`, password: 'quiet lantern orbit 9', workspace: 'Sunrise SMM' };
const shot = (page, name) => page.screenshot({ path: `output/screenshots/${name}.png`, fullPage: true });

function failOnPageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function signIn(page, email, password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('the whole foundation flow works in Chromium', async ({ page, browser }) => {
  const errors = failOnPageErrors(page);

  // Master admin lands in the console (its own bundle under /admin/) on the Customers table.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin\/customers$/);
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await shot(page, '01-admin-tenants');
  // Workspace pages are not the platform admin's: they are taken to their own.
  await page.goto('/panels');
  await expect(page).toHaveURL(/\/admin\/customers$/);
  await signOut(page);
  await shot(page, '02-login');

  // A new owner signs up.
  await page.getByRole('link', { name: 'Create a workspace' }).click();
  await page.getByLabel('Workspace name').fill(OWNER.workspace);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await shot(page, '03-signup');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByTestId('workspace-name')).toHaveText(OWNER.workspace);
  await expect(page.getByTestId('member-count')).toHaveText('1');
  // A new owner is shown the setup steps, none done yet, each with its page.
  await expect(page.getByTestId('setup-checklist').locator('[data-done="false"]')).toHaveCount(5);
  await expect(page.getByTestId('setup-checklist').getByRole('link', { name: 'Open Panels' })).toBeVisible();
  await expect(page.getByTestId('today-commands')).toHaveText('0');
  await shot(page, '04-dashboard');
  await signOut(page);

  // Wrong password shows a visible error.
  await signIn(page, OWNER.email, 'not the password');
  await expect(page.getByRole('alert')).toContainText('Wrong email or password');

  // The owner logs in and invites a staff member.
  await signIn(page, OWNER.email, OWNER.password);
  await expect(page.getByTestId('workspace-name')).toHaveText(OWNER.workspace);
  await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
  await page.getByRole('button', { name: 'Invite staff' }).click();
  await page.getByLabel('Email').fill(`staff${stamp}@sunrise.test`);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByTestId('invite-link').textContent();
  expect(link).toContain('/accept-invite?token=');
  await shot(page, '05-team-invite');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('invites')).toContainText(`staff${stamp}@sunrise.test`);

  // The staff member accepts in a separate browser context.
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  const staffErrors = failOnPageErrors(staffPage);
  await staffPage.goto(link);
  await staffPage.getByLabel('Password').fill('hollow birch canyon 5');
  await staffPage.getByRole('button', { name: 'Join' }).click();
  await expect(staffPage.getByTestId('workspace-name')).toHaveText(OWNER.workspace);
  await expect(staffPage.getByText('staff', { exact: false }).first()).toBeVisible();
  await shot(staffPage, '06-staff-dashboard');
  expect(staffErrors).toEqual([]);
  await staffContext.close();

  await page.reload();
  await expect(page.getByTestId('members')).toContainText(`staff${stamp}@sunrise.test`);
  await shot(page, '07-team');

  // The owner creates an API key and uses it.
  await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByLabel('Name').fill('e2e integration');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const key = (await page.getByTestId('new-api-key').textContent()).trim();
  expect(key.startsWith('prk_')).toBeTruthy();
  await shot(page, '08-api-key-created');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('api-keys')).toContainText('e2e integration');
  const apiAnswer = await page.request.get('/api/logs/commands', { headers: { Authorization: `Bearer ${key}` } });
  expect(apiAnswer.status()).toBe(200);
  expect(Array.isArray((await apiAnswer.json()).items)).toBeTruthy();
  // An integrator key reads commands, orders and logs, nothing else.
  const outside = await page.request.get('/api/workspace', { headers: { Authorization: `Bearer ${key}` } });
  expect(outside.status()).toBe(403);
  await shot(page, '09-api-keys');

  // The owner cannot open the master admin's console (it sends them home), nor its API.
  await page.goto('/admin/customers');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('tenants')).toHaveCount(0);
  await shot(page, '10-owner-denied-tenants');
  // No token is kept where a script could read it: the page stores nothing.
  expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
  const login = await page.request.post('/api/auth/login', { data: { email: OWNER.email, password: OWNER.password } });
  const session = await login.json();
  const denied = await page.request.get('/api/admin/tenants', { headers: { Authorization: `Bearer ${session.access_token}` } });
  expect(denied.status()).toBe(403);

  expect(errors).toEqual([]);
});

test('client-side routes load directly and unknown API routes stay JSON', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your workspace' })).toBeVisible();
  await page.goto('/team');
  await expect(page).toHaveURL(/\/login$/);
  const res = await page.request.get('/api/does-not-exist');
  expect(res.status()).toBe(404);
  expect((await res.json()).code).toBe('not_found');
  const docs = await page.goto('/api/docs/');
  expect(docs.status()).toBe(200);
  await expect(page.locator('#swagger-ui')).toBeVisible();
  await shot(page, '11-api-docs');
  expect(errors).toEqual([]);
});
