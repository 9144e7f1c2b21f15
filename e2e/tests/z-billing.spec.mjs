// The SaaS layer in Chromium (named to run last: its plans end self-hosted mode for the server).
// The master admin sets up a Telegram sign-up plan and a payment method in the console; an owner
// on the trial connects Telegram; the admin adds a WhatsApp-only plan; the owner buys it with an
// invoice and a payment reference, the admin approves, the Telegram channel shows as disabled by
// plan and a WhatsApp number can be added; a support ticket goes back and forth; and an expiry
// pauses the bot, so a customer's command gets the paused reply.
import { test, expect } from '@playwright/test';
import { connectFakePanel, shot, signUp } from './helpers.mjs';

const stamp = Date.now();
const OWNER = { email: `billing${stamp}@relay.test`, password: 'violet anchor plum 71', workspace: `Billing SMM ${stamp}` };
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const post = (url, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
const whatsapp = {
  base: () => `${process.env.FAKE_GREENAPI}/_fake/greenapi/instances/${process.env.FAKE_INSTANCE_ID_2}`,
  customer: '15550002222@c.us',
  say: (text) => post(`${whatsapp.base()}/inject`, { chat_id: whatsapp.customer, sender_name: 'Nia', text }),
  replies: async () => (await fetch(`${whatsapp.base()}/sent`).then((r) => r.json()))
    .filter((m) => m.chat_id === whatsapp.customer).map((m) => m.message).join('\n'),
};

async function createPlan(admin, { name, price, mediums, signup }) {
  await nav(admin, 'Plans');
  await admin.getByTestId('new-plan').click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Currency').fill('USD');
  await dialog.getByLabel('Price per month').fill(price);
  // A new plan starts with every medium: keep only the ones asked for.
  const group = dialog.getByRole('group', { name: 'Mediums' });
  for (const m of ['Telegram', 'WhatsApp', 'panel tickets']) await group.getByLabel(m).setChecked(mediums.includes(m));
  await dialog.getByLabel('Trial days').fill('14');
  if (signup) await dialog.getByTestId('plan-signup').check();
  await dialog.getByTestId('save-plan').click();
  await expect(admin.getByTestId('plans')).toContainText(name);
}

test('an owner buys a WhatsApp-only plan, support goes back and forth, and expiry pauses the bot', async ({ browser }) => {
  test.setTimeout(180_000);
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  const owner = await (await browser.newContext()).newPage();
  for (const p of [admin, owner]) p.on('pageerror', (e) => errors.push(String(e)));

  // The console: a Telegram sign-up plan and a payment method.
  await admin.goto('/login');
  await admin.getByLabel('Email').fill(process.env.ADMIN_EMAIL);
  await admin.getByLabel('Password').fill(process.env.ADMIN_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await expect(admin).toHaveURL(/\/admin\/customers$/);
  await createPlan(admin, { name: 'Telegram Trial', price: '5', mediums: ['Telegram'], signup: true });
  await nav(admin, 'Payment methods');
  await admin.getByTestId('new-payment-method').click();
  await admin.getByLabel('Name').fill('Bank transfer');
  await admin.getByLabel('Instructions (printed on the invoice)').fill('IBAN DE00 1234 5678 — write the invoice number as the reference');
  await admin.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(admin.getByTestId('payment-methods')).toContainText('Bank transfer');
  // Runtime health: this server's instance with its heartbeat, and the database.
  await nav(admin, 'Health');
  await expect(admin.getByTestId('health-instances')).toContainText('running');
  await expect(admin.getByTestId('health-database')).toContainText('migrations applied');

  // A new owner is on the sign-up trial and connects Telegram.
  await signUp(owner, OWNER);
  await nav(owner, 'Billing');
  await expect(owner.getByTestId('subscription-status')).toHaveText('trial');
  await expect(owner.getByTestId('usage')).toHaveCount(4);
  await connectFakePanel(owner);
  await nav(owner, 'Channels');
  await owner.getByRole('button', { name: 'Add Telegram bot' }).click();
  await owner.getByLabel('Name').fill('Trial bot');
  await owner.getByLabel('Bot token').fill(process.env.FAKE_BOT_TOKEN_2);
  await owner.getByLabel('Bot API address (leave empty for Telegram)').fill(process.env.FAKE_TELEGRAM);
  await owner.getByRole('button', { name: 'Connect' }).click();
  await expect(owner.getByTestId('channels')).toContainText('@relay_second_bot');

  // The admin adds a WhatsApp-only plan; the owner buys it.
  await createPlan(admin, { name: 'WhatsApp Only', price: '12.50', mediums: ['WhatsApp'], signup: false });
  await shot(admin, '70-console-plans');
  await nav(owner, 'Billing');
  await owner.getByLabel('Plan').selectOption({ label: 'WhatsApp Only' });
  await owner.getByRole('button', { name: 'Create invoice' }).click();
  await expect(owner.getByTestId('billing-notice')).toContainText('Invoice PR-');
  const invoiceRow = owner.getByTestId('invoices').getByRole('row').filter({ hasText: 'WhatsApp Only' });
  await invoiceRow.getByRole('button', { name: 'Send payment reference' }).click();
  await owner.getByLabel('Payment reference (transaction id)').fill('TX-E2E-4471');
  await owner.getByTestId('send-reference').click();
  await expect(invoiceRow).toContainText('waiting for approval');
  await shot(owner, '71-billing');
  await invoiceRow.getByRole('link').first().click();
  await expect(owner.getByTestId('invoice-total')).toHaveText('12.50 USD');
  await expect(owner.getByTestId('invoice-print')).toContainText('IBAN DE00');
  await shot(owner, '72-invoice-print');

  await nav(admin, 'Invoices');
  const queued = admin.getByTestId('invoices').getByRole('row').filter({ hasText: 'TX-E2E-4471' });
  await queued.getByRole('button', { name: 'Approve' }).click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByText('subscription is extended')).toBeVisible();
  await shot(admin, '73-console-invoices');

  // The Telegram channel is disabled by the plan; a WhatsApp number can be added.
  await nav(owner, 'Billing');
  await expect(owner.getByTestId('subscription-status')).toHaveText('active');
  await expect(owner.getByTestId('subscription')).toContainText('WhatsApp Only');
  await nav(owner, 'Channels');
  await expect(owner.getByTestId('channels').getByRole('row').filter({ hasText: 'Trial bot' }).getByTestId('plan-blocked')).toBeVisible();
  await owner.getByRole('button', { name: 'Add WhatsApp number' }).click();
  await owner.getByLabel('Name').fill('WhatsApp support');
  await owner.getByLabel('idInstance').fill(process.env.FAKE_INSTANCE_ID_2);
  await owner.getByLabel('apiUrl').fill(process.env.FAKE_GREENAPI);
  await owner.getByLabel('apiTokenInstance').fill(process.env.FAKE_INSTANCE_TOKEN_2);
  await owner.getByRole('button', { name: 'Connect' }).click();
  await expect(owner.getByTestId('channels')).toContainText(process.env.FAKE_INSTANCE_ID_2);
  await shot(owner, '74-channels-by-plan');

  // A support ticket goes back and forth.
  await nav(owner, 'Support');
  await owner.getByTestId('new-ticket').click();
  await owner.getByLabel('Subject').fill('Where do I see my invoices?');
  await owner.getByLabel('Message').fill('I paid by bank transfer; where is the receipt?');
  await owner.getByTestId('open-ticket').click();
  await expect(owner.getByTestId('support-thread')).toContainText('I paid by bank transfer');
  await admin.reload();
  await nav(admin, 'Support');
  await admin.getByTestId('support-tickets').getByRole('link', { name: 'Where do I see my invoices?' }).click();
  await admin.getByLabel('Reply').fill('Billing → Invoices → the number opens a printable invoice.');
  await admin.getByTestId('send-reply').click();
  await expect(admin.getByTestId('support-thread')).toContainText('printable invoice');
  await nav(owner, 'Dashboard');
  await owner.getByTestId('support-unread').click();
  await owner.getByTestId('support-tickets').getByRole('link', { name: 'Where do I see my invoices?' }).click();
  await expect(owner.getByTestId('support-thread')).toContainText('printable invoice');
  await shot(owner, '75-support-thread');

  // A customer links their WhatsApp chat; then the plan expires and their command is paused.
  await whatsapp.say('link nia_boost');
  await expect.poll(whatsapp.replies, { timeout: 15000 }).toContain('nia_boost');
  await nav(owner, 'Customers');
  const link = owner.getByRole('row').filter({ hasText: 'nia_boost' });
  await link.getByRole('button', { name: 'Approve' }).click();
  await expect(link).toContainText('approved');
  await nav(admin, 'Customers');
  await admin.getByTestId('customer-search').fill(OWNER.email);
  const customer = admin.getByTestId('tenants').getByRole('row').filter({ hasText: OWNER.email });
  await customer.getByRole('button', { name: 'Change plan' }).click();
  await admin.getByRole('dialog').getByLabel('Plan').selectOption({ label: 'WhatsApp Only' });
  await admin.getByRole('dialog').getByLabel('Extend by days').fill('-60');
  await admin.getByRole('dialog').getByLabel('Reason').fill('e2e: walk the subscription past its grace');
  await admin.getByTestId('confirm-change-plan').click();
  await expect(customer).toContainText('expired');
  await shot(admin, '76-console-customers');
  await owner.waitForTimeout(2500); // the server caches a workspace's plan for 2 s
  await whatsapp.say('2274209 refill');
  await expect.poll(whatsapp.replies, { timeout: 15000 }).toContain('temporarily unavailable');
  await nav(owner, 'Billing');
  await expect(owner.getByTestId('billing-banner')).toContainText('paused');
  await nav(owner, 'Logs');
  await expect(owner.getByTestId('command-log')).toContainText('2274209 refill');
  await shot(owner, '77-paused-logs');
  expect(errors).toEqual([]);
});
