import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { newMember, signUp } from './members.js';

/**
 * A newcomer's first five minutes, in real Chromium against the built app
 * with the demo community (DEMO_SIGN_IN on, as `pnpm start` has it): the
 * landing page signed out, sign up, the start-here steps ticking from real
 * follows in the directory, the header's menu at 375 px, and the demo sign-in.
 */
describe('the first five minutes', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const shot = (name: string, fullPage = true) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage });

  beforeAll(async () => {
    stack = await startStack({ env: { DEMO_SIGN_IN: 'true' } });
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a signed-out visitor what Ripple is for, the demo story’s ripple drawn, and the ways in', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.waitForURL('**/welcome');
    await page.getByRole('heading', { level: 1, name: /Make the introduction\. Share the work\./ }).waitFor();
    const picture = page.getByRole('img', { name: /ripple of Sarah Okafor’s share of “Awkward Moments Experiment”/ });
    await picture.waitFor();
    // Every person of the real ripple is a dot; the lines are drawn by type.
    expect(await picture.locator('circle').count()).toBeGreaterThan(50);
    expect(await picture.locator('path').count()).toBeGreaterThanOrEqual(3);
    await page.getByText(/brought the writer \d+ new followers/).waitFor();
    for (const name of ['Sign up', 'Sign in']) await expect(page.getByRole('main').getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Try the demo' }).isVisible()).resolves.toBe(true);
    await shot('landing');
    await page.setViewportSize({ width: 375, height: 812 });
    await shot('landing-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  const member = newMember('Nia', 'Newcomer');
  const step = (key: string) => page.locator(`#start-here li[data-step="${key}"]`);

  it('signs up and lands on People with the start-here steps and suggested people, each with a Follow button', async () => {
    await page.getByRole('main').getByRole('link', { name: 'Sign up', exact: true }).click();
    await page.waitForURL('**/signup');
    await signUp(page, stack.webUrl, member);
    await page.getByRole('heading', { name: 'Start here' }).waitFor();
    await page.getByText('0 of 4 done').waitFor();
    expect(await page.locator('#start-here li').allInnerTexts()).toEqual([
      expect.stringContaining('Follow 3 people'),
      expect.stringContaining('Explore a ripple'),
      expect.stringContaining('Share someone’s work'),
      expect.stringContaining('Make your first introduction'),
    ]);
    const suggested = page.locator('#suggested li');
    expect(await suggested.count()).toBeGreaterThanOrEqual(3);
    // Suggested first: the most-followed member of the demo leads (Maya, whose post drew 55 follows).
    await expect(suggested.first().innerText()).resolves.toContain('Maya');
    // The whole directory has a Follow button on every row but your own.
    const everyone = page.locator('ul.people').last().locator('li');
    expect(await everyone.getByRole('button', { name: /^Follow / }).count()).toBe(await everyone.count() - (await everyone.filter({ hasText: member.name }).count()));
    await shot('start-here');
  });

  it('following three suggested people ticks the first step, and it stays ticked after a reload (a real follow)', async () => {
    for (let k = 0; k < 3; k++) {
      const button = page.locator('#suggested li').nth(k).getByRole('button');
      await button.click();
      // Optimistic: it says Following at once, and stays so once the API answers.
      await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');
      await expect(button.innerText()).resolves.toContain('Following');
    }
    await step('follow').and(page.locator('.done')).waitFor();
    await page.getByText('1 of 4 done').waitFor();

    await page.reload();
    await page.getByText('1 of 4 done').waitFor();
    await expect(step('follow').getAttribute('class')).resolves.toContain('done');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Start here/ }).innerText()).resolves.toContain('1/4');
  });

  it('exploring the community’s ripple ticks the second step', async () => {
    await step('explore').getByRole('link').click();
    await page.waitForURL('**/ripples/**');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click();
    await page.waitForURL('**/people');
    await page.getByText('2 of 4 done').waitFor();
    await expect(step('explore').getAttribute('class')).resolves.toContain('done');
    await shot('people');
    await page.setViewportSize({ width: 375, height: 812 });
    await shot('people-375');
  });

  it('at 375 px the header is one line with a Menu button that opens, closes on Escape, and navigates', async () => {
    const header = page.locator('header').first();
    expect((await header.boundingBox())!.height).toBeLessThan(70);
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.isVisible()).resolves.toBe(false);
    const mainTop = (await page.locator('main').boundingBox())!.y;

    await menu.click();
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await nav.getByRole('link', { name: 'Ripples', exact: true }).waitFor();
    // The menu drops over the page: nothing below it moves.
    expect((await page.locator('main').boundingBox())!.y).toBe(mainTop);
    await shot('header-menu-375', false);

    await page.keyboard.press('Escape');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(menu.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await menu.press('Enter');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    // The links follow the button in the tab order.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))).resolves.toBe('Main');
    await nav.getByRole('link', { name: 'Share', exact: true }).click();
    await page.waitForURL('**/share');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(menu.isVisible()).resolves.toBe(false);
    await expect(nav.getByRole('link', { name: 'Ripples', exact: true }).isVisible()).resolves.toBe(true);
    await shot('header-1280', false);
  });

  it('the demo sign-in, from the landing page in another browser, signs in as the demo member', async () => {
    const visitor = await launchBrowser();
    try {
      const other = await visitor.newPage();
      const otherErrors = collectPageErrors(other);
      await other.goto(`${stack.webUrl}/welcome`);
      await other.getByRole('button', { name: 'Try the demo' }).click();
      await other.waitForURL(`${stack.webUrl}/`);
      await expect(other.getByRole('link', { name: 'My card', exact: true }).getAttribute('href')).resolves.toBe('/people/sarah');
      expect(otherErrors).toEqual([]);
    } finally {
      await visitor.close();
    }
    expect(errors).toEqual([]);
  });
});
