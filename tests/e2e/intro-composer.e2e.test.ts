import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { pickMember, signInDemo } from './members.js';

/**
 * "Introduce…" on a card pre-fills the composer with that person, and the
 * composer warns before submitting a pair the API would refuse: two people
 * already connected, or your own open introduction of them.
 */
describe('the introduction composer: pre-filled from a card, warned before a refused pair', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await signInDemo(page, stack.webUrl, 'sarah');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const chosen = (label: string) => page.getByRole('list', { name: `${label}: chosen` });
  const warning = () => page.locator('#pair-warning');

  async function introduceJulien() {
    await page.goto(`${stack.webUrl}/people/julien`);
    await page.getByRole('link', { name: /^Introduce Julien Moreau/ }).click();
    await page.waitForURL('**/introductions/new?with=julien');
    await chosen('First person').getByText('Julien Moreau').first().waitFor();
  }

  it('pre-fills Julien from his card and warns that Julien and Chris are already connected', async () => {
    await introduceJulien();
    await expect(warning().count()).resolves.toBe(0);
    await pickMember(page, 'Second person', 'chris', /Chris Adeyemi/);
    await warning().getByText('Julien Moreau and Chris Adeyemi are already connected').waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'composer-connected.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'composer-connected-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('introduces Julien and Amara once; asked again, it warns of the open one and does not submit', async () => {
    await introduceJulien();
    await pickMember(page, 'Second person', 'amara', /Amara/);
    await page.getByLabel('Why should they meet?').fill('You both run circles that should swap readers.');
    await expect(warning().count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Introduce' }).click();
    await page.waitForURL('**/introductions#introduced');
    const mine = page.locator('#introduced article').filter({ hasText: 'Julien Moreau' }).filter({ hasText: 'Amara' });
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);

    await introduceJulien();
    await pickMember(page, 'Second person', 'amara', /Amara/);
    await warning().getByText(/You already have an open introduction for Julien Moreau and Amara/).waitFor();
    await page.getByLabel('Why should they meet?').fill('Again, by mistake.');
    await page.getByRole('button', { name: 'Introduce' }).click();
    await page.getByRole('alert').getByText(/You already have an open introduction/).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pair-warning');
    expect(new URL(page.url()).pathname).toBe('/introductions/new');

    await warning().getByRole('link', { name: 'See it in your introductions' }).click();
    await page.waitForURL('**/introductions#introduced');
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
