// The channels in Chromium, against the fake Telegram Bot API and the fake Green API started by
// run.sh: the owner connects a panel and a bot (or number), routes the providers to a group,
// approves a customer's link request; the customer's commands reach the provider group as one
// grouped message each, and the owner sees both in Logs.
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const CANARIES = [process.env.CANARY_ORDER_DOMAIN, process.env.CANARY_SERVICES_DOMAIN];

const post = (url, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

const telegram = {
  base: () => `${process.env.FAKE_TELEGRAM}/_fake/telegram/bots/${process.env.FAKE_BOT_TOKEN}`,
  say: (text) => post(`${telegram.base()}/inject`, { chat_id: 6600112233, username: 'mira', text }),
  sentTo: async (chat) => ((await fetch(`${telegram.base()}/sent`).then((r) => r.json())).result || [])
    .filter((m) => m.chat_id === String(chat)).map((m) => m.text),
};

const whatsapp = {
  base: () => `${process.env.FAKE_GREENAPI}/_fake/greenapi/instances/${process.env.FAKE_INSTANCE_ID}`,
  say: (text) => post(`${whatsapp.base()}/inject`, { chat_id: '15550001111@c.us', sender_name: 'Mira', text }),
  sentTo: async (chat) => (await fetch(`${whatsapp.base()}/sent`).then((r) => r.json()))
    .filter((m) => m.chat_id === chat).map((m) => m.message),
};

async function routeProvidersTo(page, name, kind, address) {
  await nav(page, 'Routing');
  await page.getByRole('button', { name: 'Add destination' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Kind').selectOption(kind);
  await page.getByLabel('Chat id, group id (…@g.us) or number').fill(address);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('destinations')).toContainText(name);
  for (const alias of ['Provider 1', 'Provider 2']) {
    await page.getByLabel(`Destination for ${alias}`).selectOption({ label: name });
    await expect(page.getByText(`Route for ${alias} saved.`)).toBeVisible();
  }
}

async function flow(page, channel, { connect, group, prefix }) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signUp(page, { email: `${channel.name}${stamp}@relay.test`, password: 'violet anchor plum 71', workspace: `${channel.label} SMM` });
  await connectFakePanel(page);
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('panel-notice')).toContainText('services read');

  await nav(page, 'Channels');
  await connect(page);
  await expect(page.getByTestId('channels')).toContainText('ok');
  await shot(page, `${prefix}-channels`);

  await routeProvidersTo(page, `Provider ${channel.label} group`, group.kind, group.address);
  await page.getByRole('row').filter({ hasText: `Provider ${channel.label} group` }).getByRole('button', { name: 'Send test message' }).click();
  await expect(page.getByText(`Test message sent to Provider ${channel.label} group.`)).toBeVisible();

  // The customer asks to link their chat; the owner approves it.
  await channel.say('link mira_boost');
  await expect.poll(async () => (await channel.sentTo(channel.customer)).join('\n'), { timeout: 15000 }).toContain('mira_boost');
  await nav(page, 'Customers');
  const row = page.getByRole('row').filter({ hasText: 'mira_boost' });
  await expect(row).toContainText('pending');
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row).toContainText('approved');

  // Two commands: one message each in the provider group, the bulk one grouped.
  await channel.say('2274209 refill');
  await expect.poll(() => channel.sentTo(group.address), { timeout: 15000 }).toContain('596723 refill');
  await channel.say('2274211, 2274212 speed');
  await expect.poll(() => channel.sentTo(group.address), { timeout: 15000 }).toContain('88301, 88302 speed');
  const replies = (await channel.sentTo(channel.customer)).join('\n');
  expect(replies).toContain('Refill requested for order 2274209');
  expect(replies).not.toContain('596723');
  await page.waitForTimeout(500);
  const groupMessages = await channel.sentTo(group.address);
  expect(groupMessages.filter((m) => m.endsWith('speed'))).toHaveLength(1);

  await nav(page, 'Logs');
  await expect(page.getByTestId('command-log')).toContainText('2274209 refill');
  await expect(page.getByTestId('command-log')).toContainText('2274211, 2274212 speed');
  await page.getByRole('button', { name: 'Dispatches' }).click();
  await expect(page.getByTestId('dispatch-log')).toContainText('88301, 88302 speed');
  await expect(page.getByTestId('dispatch-log').locator('[data-status="sent"]').first()).toHaveText('Sent');
  await shot(page, `${prefix}-logs`);
  const html = (await page.content()).toLowerCase();
  for (const c of CANARIES) expect(html.includes(c)).toBeFalsy();
  expect(errors).toEqual([]);
}

test('Telegram: a customer links, refills and speeds up; the provider group gets one message each', async ({ page }) => {
  await flow(page, { name: 'tg', label: 'Telegram', customer: 6600112233, say: telegram.say, sentTo: telegram.sentTo }, {
    prefix: '50-telegram',
    group: { kind: 'telegram_group', address: '-1001555000111' },
    connect: async (page) => {
      await page.getByRole('button', { name: 'Add Telegram bot' }).click();
      await page.getByLabel('Name').fill('Support bot');
      await page.getByLabel('Bot token').fill(process.env.FAKE_BOT_TOKEN);
      await page.getByLabel('Bot API address (leave empty for Telegram)').fill(process.env.FAKE_TELEGRAM);
      await page.getByRole('button', { name: 'Connect' }).click();
      await expect(page.getByTestId('channels')).toContainText('@relay_test_bot');
      await expect(page.getByText('privacy mode')).toBeVisible();
    },
  });
});

test('WhatsApp: the same flow over Green API', async ({ page }) => {
  const customer = '15550001111@c.us';
  await flow(page, { name: 'wa', label: 'WhatsApp', customer, say: whatsapp.say, sentTo: whatsapp.sentTo }, {
    prefix: '51-whatsapp',
    group: { kind: 'whatsapp_group', address: '120363555000111@g.us' },
    connect: async (page) => {
      await page.getByRole('button', { name: 'Add WhatsApp number' }).click();
      await page.getByLabel('Name').fill('WhatsApp support');
      await page.getByLabel('idInstance').fill(process.env.FAKE_INSTANCE_ID);
      await page.getByLabel('apiUrl').fill(process.env.FAKE_GREENAPI);
      await page.getByLabel('apiTokenInstance').fill(process.env.FAKE_INSTANCE_TOKEN);
      await page.getByRole('button', { name: 'Connect' }).click();
      await expect(page.getByTestId('channels')).toContainText(process.env.FAKE_INSTANCE_ID);
    },
  });
});
