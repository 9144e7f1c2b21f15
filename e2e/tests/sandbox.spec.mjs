// The sandbox without an account: every visitor gets a workspace of their own (no stranger's
// messages, no cooldown left by someone else), the send is awaited and its errors are shown,
// Reset starts over, and the chats stack on a phone.
import { test, expect } from '@playwright/test';
import { shot } from './helpers.mjs';

async function trySandbox(page) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox chat' })).toBeVisible({ timeout: 15000 });
  await expect(page.getByRole('note')).toContainText('Sandbox');
}

// Sends and waits for the server's answer: the page never aborts the call.
async function send(page, text) {
  await page.getByTestId('sandbox-input').fill(text);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/sandbox/messages') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  return answer.status();
}

test('a new user tries the sandbox chat without an account', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await trySandbox(page);
  expect(await send(page, '2274209 refill')).toBe(202);
  await expect(page.getByTestId('customer-chat')).toContainText('Refill requested for order 2274209', { timeout: 15000 });
  await expect(page.getByTestId('provider-groups')).toContainText('596723 refill');
  await page.getByRole('button', { name: 'WhatsApp' }).click();
  expect(await send(page, '2274211 speed')).toBe(202);
  await expect(page.getByTestId('provider-groups')).toContainText('88301 speed', { timeout: 15000 });
  // Each tab shows its own chat: the Telegram request is not in the WhatsApp transcript.
  await expect(page.getByTestId('customer-chat')).not.toContainText('Refill requested for order 2274209');
  await shot(page, '52-sandbox');
  // Reset starts over; a sample order fills the message box.
  await page.getByTestId('sandbox-reset').click();
  await expect(page.getByTestId('provider-groups')).not.toContainText('88301 speed', { timeout: 15000 });
  await page.getByTestId('sample-orders').getByRole('button').first().click();
  await expect(page.getByTestId('sandbox-input')).toHaveValue(/^\d+ refill$/);
  expect(errors).toEqual([]);
});

test('each visitor has a sandbox of their own, and a failed send says why', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  await trySandbox(first);
  expect(await send(first, '2274209 refill')).toBe(202);
  await expect(first.getByTestId('customer-chat')).toContainText('Refill requested for order 2274209', { timeout: 15000 });

  // A second visitor meets an empty chat, and the suggested order works for them too.
  const second = await (await browser.newContext()).newPage();
  await trySandbox(second);
  await expect(second.getByTestId('customer-chat')).toContainText('Nothing here yet');
  await expect(second.getByTestId('provider-groups')).not.toContainText('596723 refill');
  expect(await send(second, '2274209 refill')).toBe(202);
  await expect(second.getByTestId('customer-chat')).toContainText('Refill requested for order 2274209', { timeout: 15000 });
  await expect(second.getByTestId('customer-chat')).not.toContainText('already requested');

  // The server's refusal reaches the screen.
  await second.route('**/api/sandbox/messages', (route) =>
    route.fulfill({ status: 400, contentType: 'application/json',
      body: JSON.stringify({ code: 'bad_request', message: 'forum topics exist on Telegram only' }) }));
  expect(await send(second, '2274211 speed')).toBe(400);
  await expect(second.getByRole('alert')).toContainText('Forum topics exist on Telegram only');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the sandbox chats stack and fit the screen', async ({ page }) => {
    await trySandbox(page);
    expect(await send(page, '2274211 speed')).toBe(202);
    await expect(page.getByTestId('provider-groups')).toContainText('88301 speed', { timeout: 15000 });
    const chat = await page.getByTestId('customer-chat').boundingBox();
    const groups = await page.getByTestId('provider-groups').boundingBox();
    expect(groups.y, 'the provider groups sit below the customer chat').toBeGreaterThan(chat.y + chat.height);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, '63-phone-sandbox');
  });
});
