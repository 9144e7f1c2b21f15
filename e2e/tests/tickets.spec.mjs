// The ticket medium: the sandbox reads its sample panel's tickets (a refill reaches the provider
// group, a payment question is left alone, another customer's order is refused); an owner
// switches a panel's tickets on, reads them now, tests a ticket, and finds it in the Tickets log.
import { test, expect } from '@playwright/test';
import { shot, signUp, connectFakePanel } from './helpers.mjs';

test('the sandbox handles its sample tickets and the Tickets log shows what became of each', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/login');
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox chat' })).toBeVisible({ timeout: 15000 });
  // Ticket 9001 ("Orders - Refill", order 2274210) reaches provider one's group as the external id.
  await expect(page.getByTestId('provider-groups')).toContainText('596724 refill', { timeout: 20000 });
  await page.getByRole('navigation').getByRole('link', { name: 'Logs' }).click();
  await page.getByRole('button', { name: 'Tickets' }).click();
  const log = page.getByTestId('ticket-log');
  await expect(log).toContainText('#9001');
  await expect(log).toContainText('Handled');
  await expect(log).toContainText('Left for you');
  await expect(log).toContainText('Refused');
  await shot(page, '60-ticket-log');
  await page.getByRole('button', { name: 'Messages' }).click();
  await expect(page.getByTestId('message-log')).toBeVisible();
  expect(errors).toEqual([]);
});

test('an owner switches tickets on, reads them now, tests a ticket and sees it in the log', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signUp(page, { workspace: 'Ticket Shop', email: 'tickets-owner@shop.example', password: 'Tickets-owner-pw-77' });
  await connectFakePanel(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Tickets', exact: true })).toBeVisible();
  const card = page.getByTestId('ticket-panel-Main panel');
  await card.getByLabel("Read Main panel's tickets").check();
  await card.getByLabel('Handle tickets created after (UTC)').fill('2026-01-01T00:00');
  await card.getByTestId('ticket-save').click();
  await expect(card.getByTestId('ticket-run')).toBeEnabled();
  await card.getByTestId('ticket-run').click();
  await expect(page.getByText('Tickets read.')).toBeVisible({ timeout: 15000 });
  await expect(card.getByTestId('ticket-status')).toContainText('in the last run');

  // The test box decides without the panel.
  const box = page.getByTestId('ticket-test');
  await box.getByLabel('Subject', { exact: true }).fill('Orders - Refill');
  await box.getByLabel('Message', { exact: true }).fill('followers dropped on 2274209');
  await box.getByTestId('ticket-test-run').click();
  await expect(page.getByTestId('ticket-decision')).toContainText('2274209');
  await expect(page.getByTestId('ticket-decision')).toContainText(/refill/i);
  await shot(page, '61-tickets-page');

  await page.getByRole('navigation').getByRole('link', { name: 'Logs' }).click();
  await page.getByRole('button', { name: 'Tickets' }).click();
  await expect(page.getByTestId('ticket-log')).toContainText('#9001');
  // The command log names the medium and leads back to the ticket.
  await page.getByRole('button', { name: 'Commands' }).click();
  const commandLog = page.getByTestId('command-log');
  await expect(commandLog).toContainText('Ticket');
  await commandLog.getByRole('button', { name: 'Details' }).first().click();
  await page.getByTestId('command-ticket-link').click();
  await expect(page.getByTestId('ticket-log')).toContainText('#9001');
  expect(errors).toEqual([]);
});
