// Shared steps of the browser tests.
import { expect } from '@playwright/test';

export const shot = (page, name) => page.screenshot({ path: `output/screenshots/${name}.png`, fullPage: true });

/** Signs a new workspace up and waits for its dashboard. */
export async function signUp(page, owner) {
  await page.goto('/signup');
  await page.getByLabel('Workspace name').fill(owner.workspace);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByTestId('workspace-name')).toHaveText(owner.workspace);
}

/** Connects the fake panel (started by run.sh) on the Panels page, with its public API for the service list. */
export async function connectFakePanel(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Panels' }).click();
  await page.getByRole('button', { name: 'Add panel' }).click();
  await page.getByLabel('Name').fill('Main panel');
  await page.getByLabel('Admin API base URL').fill(process.env.FAKE_PANEL_V2);
  await page.getByLabel('Admin API key').fill(process.env.FAKE_ADMIN_KEY);
  await page.getByLabel('Public API URL (optional, for the service list)').fill(process.env.FAKE_USER_API);
  await page.getByLabel('Public API key (optional)').fill(process.env.FAKE_USER_KEY);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('panels')).toContainText('Main panel');
}
