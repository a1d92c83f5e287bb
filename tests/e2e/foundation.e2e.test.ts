import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * The Foundation issue, end to end in real Chromium against the built API
 * and web app: a newcomer signs up, fills in their card, finds another
 * member, follows them and takes their vCard.
 */
describe('foundation: sign up, edit my card, follow someone, take their vCard', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const handle = `newcomer_${Date.now().toString(36)}`;

  it('sends a signed-out visitor to sign in, and signs a newcomer up', async () => {
    await page.goto(`${stack.webUrl}/people`);
    await page.waitForURL('**/signin');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.waitForURL('**/signup');

    await page.getByLabel('Name').fill('Noor Newcomer');
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Email').fill(`${handle}@example.org`);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.waitForURL('**/people');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
  });

  it('edits my card: headline, a link and a phone number', async () => {
    await page.getByRole('link', { name: 'Edit my card' }).click();
    await page.waitForURL('**/me/edit');

    await page.getByLabel('Headline').fill('Here to meet people who build communities');
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByLabel('Label').last().fill('Website');
    await page.getByLabel('URL', { exact: true }).last().fill('https://example.org/noor');
    await page.getByLabel('Phone').fill('+44 20 7946 0999');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    await page.getByRole('link', { name: 'My card', exact: true }).click();
    await page.waitForURL(`**/people/${handle}`);
    await page.getByRole('heading', { name: 'Noor Newcomer' }).waitFor();
    await page.getByText('Here to meet people who build communities').waitFor();
    await expect(page.getByRole('link', { name: 'Website' }).getAttribute('href')).resolves.toBe('https://example.org/noor');
    await page.getByText('+44 20 7946 0999').waitFor();
  });

  it('finds Julien in the directory and follows him; the follower count goes up', async () => {
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.waitForURL('**/people');
    await page.getByLabel('Search by name or handle').fill('Julien');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/people?q=Julien');
    await page.getByRole('link', { name: 'Julien Moreau' }).click();
    await page.waitForURL('**/people/julien');

    const followers = page.getByText(/^\d+ followers?$/);
    const before = parseInt(await followers.innerText(), 10);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await expect(followers.innerText()).resolves.toBe(`${before + 1} followers`);
  });

  it("downloads Julien's vCard", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download vCard' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('julien.vcf');
    const saved = path.join(RESULTS_DIR, 'foundation-julien.vcf');
    await download.saveAs(saved);
    const vcard = readFileSync(saved, 'utf8');
    expect(vcard.startsWith('BEGIN:VCARD')).toBe(true);
    expect(vcard).toContain('Julien Moreau');

    await page.screenshot({ path: path.join(RESULTS_DIR, 'foundation.png'), fullPage: true });
  });

  it('logged no console errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
