import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { newMember, pickMember, signInDemo, signUp } from './members.js';

/**
 * The feed, end to end in real Chromium: Sarah shares Julien's essay,
 * crediting him through the member picker and mentioning Chris; a newcomer
 * with the feed open sees it arrive live behind "1 new share", reshares it,
 * thanks Sarah and follows Julien from the card; Sarah sees the work once,
 * with "Rae Reader reshared" and Rae's note on it.
 */
describe('feed: share with credit, live arrival, reshare, follow from the card', () => {
  let stack: Stack;
  let sharer: { browser: Browser; page: Page; errors: string[] };
  let reader: { browser: Browser; page: Page; errors: string[] };
  const title = `On belonging at work ${Date.now().toString(36)}`;
  const newcomer = newMember('Rae', 'Reader');

  beforeAll(async () => {
    stack = await startStack();
    for (const slot of ['sharer', 'reader'] as const) {
      const browser = await launchBrowser();
      const page = await browser.newPage();
      const person = { browser, page, errors: collectPageErrors(page) };
      if (slot === 'sharer') sharer = person;
      else reader = person;
    }
  });

  afterAll(async () => {
    await sharer?.browser.close();
    await reader?.browser.close();
    await stack?.stop();
  });

  const cardOf = (page: Page): Locator => page.getByRole('article').filter({ hasText: title });

  it('a newcomer opens the feed; Sarah signs in to hers', async () => {
    await signUp(reader.page, stack.webUrl, newcomer);
    await reader.page.getByRole('link', { name: 'Feed', exact: true }).click();
    await reader.page.waitForURL(`${stack.webUrl}/`);
    await reader.page.getByRole('article').first().waitFor();

    await signInDemo(sharer.page, stack.webUrl, 'sarah');
    await sharer.page.getByRole('heading', { name: 'Feed' }).waitFor();
  });

  it('Sarah shares Julien’s essay, crediting him and mentioning Chris; a double click stores one share', async () => {
    const page = sharer.page;
    await page.getByRole('link', { name: 'Share someone’s work' }).click();
    await page.waitForURL('**/share');
    await page.getByLabel('URL', { exact: true }).fill('https://example.org/julien/belonging-at-work');
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Your note').fill('Julien on why the awkward first week is the price of belonging.');
    await pickMember(page, 'Author', 'julien', /Julien Moreau/);
    await pickMember(page, 'Mention members', 'Chris', /Chris Adeyemi/);
    await page.getByRole('button', { name: 'Share', exact: true }).dblclick();
    await page.waitForURL(`${stack.webUrl}/`);
    await cardOf(page).getByText('Mentions').waitFor();
    await expect(cardOf(page).count()).resolves.toBe(1);
  });

  it('the newcomer sees it arrive behind “1 new share”, and it goes on top when asked', async () => {
    const page = reader.page;
    const bar = page.getByRole('button', { name: '1 new share' });
    await bar.waitFor();
    // Nothing moved under the reader's eyes: the share is not on the page yet.
    await expect(cardOf(page).count()).resolves.toBe(0);
    await bar.click();
    const card = cardOf(page);
    await card.waitFor();
    await expect(page.getByRole('article').first().innerText()).resolves.toContain(title);
    const text = await card.innerText();
    expect(text).toContain('Sarah Okafor');
    expect(text).toContain('By Julien Moreau');
    expect(text).toMatch(/Mentions\s+Chris Adeyemi/);
    expect(text).toContain('example.org'); // the link's site
    // Counts only when they say something; the ripple, explained on hover.
    expect(text).not.toMatch(/\b0 (reshares|thank-yous)\b/);
    const ripple = card.getByRole('link', { name: /^ripple of \d+/ });
    await expect(ripple.getAttribute('title')).resolves.toMatch(/this share and everything it led to|the share itself/);
    // A relative time, exact on hover, linking to the share's own page.
    const when = card.getByRole('link', { name: 'just now' });
    await expect(when.getAttribute('href')).resolves.toMatch(/^\/shares\/[\w-]+$/);
    await expect(when.getAttribute('title')).resolves.toMatch(/\d{2}:\d{2}$/);
    await expect(card.getByRole('link', { name: 'View ripple' }).getAttribute('href')).resolves.toMatch(/^\/ripples\/[\w-]+$/);
    await expect(page.getByRole('button', { name: /new share/ }).count()).resolves.toBe(0);
  });

  it('the newcomer reshares it with a note and thanks Sarah', async () => {
    const card = cardOf(reader.page).first();
    await card.getByRole('button', { name: 'Reshare' }).click();
    await card.getByLabel('Your note').fill('The best thing I read this week.');
    await card.getByRole('button', { name: 'Reshare' }).click();
    await card.getByText('You reshared this').waitFor();
    await card.getByText('1 reshare', { exact: true }).waitFor();
    await card.getByText(/^You reshared · /).waitFor();

    await card.getByRole('button', { name: 'Thank Sarah Okafor' }).click();
    await card.getByText('Thanked').waitFor();
    await card.getByText('1 thank-you', { exact: true }).waitFor();

    // Sarah, with her feed open, gets the reshare live too: the work stays one card, now naming who reshared it.
    await sharer.page.getByRole('button', { name: '1 new share' }).click();
    await sharer.page.getByRole('article').first().getByText(`${newcomer.name} reshared`).waitFor();
    const top = await sharer.page.getByRole('article').first().innerText();
    expect(top).toContain(title);
    expect(top).toMatch(/You shared/);
    expect(top).toContain(`${newcomer.name}: The best thing I read this week.`);
    await expect(cardOf(sharer.page).count()).resolves.toBe(1);
  });

  it('follows Julien from the card: the card’s follower count goes up by one', async () => {
    const card = cardOf(reader.page).first();
    const followers = card.getByText(/^\d+ followers?$/);
    const before = parseInt(await followers.innerText(), 10);
    await card.getByRole('button', { name: 'Follow Julien Moreau' }).click();
    await card.getByText(/^✓?\s*Following$/).waitFor();
    await expect(followers.innerText()).resolves.toBe(`${before + 1} followers`);

    // The follow is real: Julien's card says so too.
    await card.getByRole('link', { name: 'Julien Moreau' }).click();
    await reader.page.waitForURL('**/people/julien');
    await reader.page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await expect(reader.page.getByText(/^\d+ followers?$/).innerText()).resolves.toBe(`${before + 1} followers`);

    await reader.page.goBack();
    await reader.page.waitForURL(`${stack.webUrl}/`);
    await cardOf(reader.page).first().waitFor();
    await reader.page.screenshot({ path: path.join(RESULTS_DIR, 'feed.png'), fullPage: true });
    await reader.page.setViewportSize({ width: 375, height: 800 });
    await reader.page.screenshot({ path: path.join(RESULTS_DIR, 'feed-375.png'), fullPage: false });
  });

  it('logged no console errors along the way', () => {
    expect(sharer.errors).toEqual([]);
    expect(reader.errors).toEqual([]);
  });
});
