import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { newMember, signUp } from './members.js';

/**
 * A member changes their email and their password on the edit page: each
 * needs the current password, and a wrong one is shown beside its field.
 */
describe('account: change my email and my password', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const member = newMember('Ines', 'Account');

  beforeAll(async () => {
    stack = await startStack({ seedDemo: false });
    browser = await launchBrowser();
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);
    await signUp(page, stack.webUrl, member);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('asks for the current password when the email changes, marks a wrong one, then saves', async () => {
    await page.goto(`${stack.webUrl}/me/edit`);
    const card = page.locator('form').first();
    await expect(card.getByLabel('Current password').count()).resolves.toBe(0);

    await card.getByLabel('Email').fill(`moved.${member.email}`);
    await card.getByLabel('Current password').fill('not my password');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Current password is wrong.').waitFor();
    await expect(card.getByLabel('Current password').getAttribute('aria-invalid')).resolves.toBe('true');

    await card.getByLabel('Current password').fill('a long enough password');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByRole('status').getByText('Saved.').waitFor();
    // Saved: the email is the new one and the password field is gone again.
    await expect(card.getByLabel('Email').inputValue()).resolves.toBe(`moved.${member.email}`);
    await expect(card.getByLabel('Current password').count()).resolves.toBe(0);
  });

  it('changes the password with the current one; a wrong one or a short new one is marked on its field', async () => {
    const form = page.getByRole('form', { name: 'Password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill('short');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('New password must be at least 8 characters.').waitFor();

    await form.getByLabel('New password').fill('an even longer password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Current password is wrong.').waitFor();

    await form.getByLabel('Current password').fill('a long enough password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').getByText('Password changed.').waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'account-password-changed.png'), fullPage: true });

    // The new password signs in with the new email.
    const res = await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation ($input: SignInInput!) { signIn(input: $input) { person { handle } } }`,
        variables: { input: { email: `moved.${member.email}`, password: 'an even longer password' } },
      }),
    });
    expect((await res.json()).data.signIn.person.handle).toBe(member.handle);
    expect(pageErrors).toEqual([]);
  });
});
