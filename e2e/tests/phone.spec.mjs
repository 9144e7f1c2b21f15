// The workspace on a phone (390×844): the menu button replaces the sidebar, pages fit the width,
// and the wasm arrives compressed.
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const OWNER = { email: `phone${stamp}@sunrise.test`, password: 'violet harbour lantern 8', workspace: 'Phone SMM' };

test.use({ viewport: { width: 390, height: 844 } });

async function open(page, name) {
  await page.getByTestId('menu-button').click();
  await page.getByRole('navigation').getByRole('link', { name }).click();
}

async function fitsTheWidth(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
}

test('an owner uses the workspace on a phone, and the wasm is compressed', async ({ page }) => {
  const encodings = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) encodings.push(r.headers()['content-encoding'] || 'none');
  });
  await signUp(page, OWNER);
  expect(encodings.length).toBeGreaterThan(0);
  expect(['br', 'gzip']).toContain(encodings[0]);

  await expect(page.getByTestId('menu-button')).toBeVisible();
  await fitsTheWidth(page, 'Dashboard');
  await shot(page, '60-phone-dashboard');

  // The menu opens the navigation; the panel is connected from there.
  await page.getByTestId('menu-button').click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Panels' })).toBeVisible();
  await connectFakePanel(page);
  await fitsTheWidth(page, 'Panels');
  await shot(page, '61-phone-panels');

  await open(page, 'Logs');
  await expect(page.getByTestId('command-log')).toContainText('No commands');
  await fitsTheWidth(page, 'Logs');
  await shot(page, '62-phone-logs');
});
