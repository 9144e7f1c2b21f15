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

// The first visit to the sign-in page, with an empty cache: everything it transfers (HTML, JS,
// wasm, CSS, favicon, API calls), measured from the encoded bodies and headers. Chromium offers
// brotli on 127.0.0.1 as on HTTPS, so this is the figure a visitor of a deployment gets.
test('the first load of the sign-in page transfers less than 450 KB', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const finished = [];
  page.on('requestfinished', (req) => finished.push(req));
  await page.goto('/login', { waitUntil: 'networkidle' });
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  let total = 0;
  for (const req of finished) {
    const s = await req.sizes();
    total += s.responseBodySize + s.responseHeadersSize;
  }
  console.log(`first load of /login: ${finished.length} requests, ${total} bytes transferred`);
  expect(total).toBeLessThan(450_000);
  await context.close();
});
