import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { newMember, pickMember, signUp, type Member } from './members.js';

/**
 * A double-opt-in introduction, end to end in real Chromium: a connector
 * introduces two newcomers; each accepts in their own browser; each then
 * finds the other's contact card under Connected, live, without a reload.
 * Then the decline path: the other person's view of an introduction does not
 * change in any visible way when one person declines (LIFECYCLE.md).
 */
describe('introductions: double opt-in, contact cards, and a decline nobody else sees', () => {
  let stack: Stack;
  const people: Record<'connector' | 'ada' | 'bo' | 'cy', { member: Member; browser: Browser; page: Page; errors: string[] }> =
    {} as never;

  beforeAll(async () => {
    stack = await startStack();
    const cast = {
      connector: newMember('Connie', 'Connector'),
      ada: newMember('Ada', 'Asked'),
      bo: newMember('Bo', 'Bothered'),
      cy: newMember('Cy', 'Dorsey'),
    };
    for (const [role, member] of Object.entries(cast) as [keyof typeof cast, Member][]) {
      const browser = await launchBrowser();
      const page = await browser.newPage();
      const errors = collectPageErrors(page);
      await signUp(page, stack.webUrl, member);
      people[role] = { member, browser, page, errors };
    }
    // A connector introduces only people connected with them or following them (LIFECYCLE.md).
    for (const role of ['ada', 'bo', 'cy'] as const) await follow(people[role].page, cast.connector);
  });

  afterAll(async () => {
    for (const person of Object.values(people ?? {})) await person.browser.close();
    await stack?.stop();
  });

  const askCard = (page: Page, other: Member): Locator => page.locator('#asked article').filter({ hasText: other.name });
  const connectedCard = (page: Page, other: Member): Locator => page.locator('#connected article').filter({ hasText: other.name });
  const introducedCard = (page: Page, a: Member, b: Member): Locator =>
    page.locator('#introduced article').filter({ hasText: a.name }).filter({ hasText: b.name });

  /** Follows a member from their card, the way a member does. */
  async function follow(page: Page, member: Member) {
    await page.goto(`${stack.webUrl}/people/${member.handle}`);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Unfollow', exact: true }).waitFor();
  }

  async function introduce(page: Page, a: Member, b: Member, reason: string) {
    await page.goto(`${stack.webUrl}/introductions`);
    await page.getByRole('link', { name: 'Make an introduction' }).first().click();
    await page.waitForURL('**/introductions/new');
    await pickMember(page, 'First person', a.handle, new RegExp(a.name));
    await pickMember(page, 'Second person', b.handle, new RegExp(b.name));
    await page.getByLabel('Why should they meet?').fill(reason);
    await expect(page.getByText(`${reason.length} of 1,000 characters`).isVisible()).resolves.toBe(true);
    await page.getByLabel(`A note only ${a.name} sees`).fill(`${a.name.split(' ')[0]}, you will like ${b.name.split(' ')[0]}.`);
    await page.getByRole('button', { name: 'Introduce' }).click();
    await page.waitForURL('**/introductions#introduced');
    await introducedCard(page, a, b).getByText('Waiting for answers').waitFor();
  }

  it('a connector introduces Ada and Bo; both are asked, each in their own inbox', async () => {
    const { connector, ada, bo } = people;
    // Ada and Bo keep their inboxes open: what follows must reach them live.
    await ada.page.goto(`${stack.webUrl}/introductions`);
    await bo.page.goto(`${stack.webUrl}/introductions`);
    await ada.page.getByRole('heading', { name: 'Asked of you' }).waitFor();
    await bo.page.getByRole('heading', { name: 'Asked of you' }).waitFor();

    await introduce(connector.page, ada.member, bo.member, 'You both run small reading groups and keep asking the same questions.');

    // The ask arrives live (introductionUpdates), with the reason and only Ada's own note.
    const adaAsk = askCard(ada.page, bo.member);
    await adaAsk.getByRole('button', { name: 'Accept' }).waitFor();
    await expect(adaAsk.innerText()).resolves.toContain('You both run small reading groups');
    await expect(adaAsk.innerText()).resolves.toContain('Ada, you will like Bo.');
    await expect(adaAsk.innerText()).resolves.toContain(`${connector.member.name} would like to introduce you`);
    await askCard(bo.page, ada.member).getByRole('button', { name: 'Accept' }).waitFor();
    await expect(askCard(bo.page, ada.member).innerText()).resolves.not.toContain('Ada, you will like Bo.');
  });

  it('both accept; each sees the other’s contact card under Connected, without a reload', async () => {
    const { connector, ada, bo } = people;
    await askCard(ada.page, bo.member).getByRole('button', { name: 'Accept' }).click();
    await askCard(ada.page, bo.member).getByText('You accepted.').waitFor();
    // The connector sees Ada's answer live; Bo sees nothing of it.
    await introducedCard(connector.page, ada.member, bo.member).getByText('Accepted').waitFor();

    await askCard(bo.page, ada.member).getByRole('button', { name: 'Accept' }).click();

    const bosCardOfAda = connectedCard(bo.page, ada.member);
    await bosCardOfAda.getByRole('link', { name: ada.member.email }).waitFor();
    // Ada's page was open all along: the connection arrives live.
    const adasCardOfBo = connectedCard(ada.page, bo.member);
    await adasCardOfBo.getByRole('link', { name: bo.member.email }).waitFor();
    await expect(adasCardOfBo.getByRole('link', { name: bo.member.email }).getAttribute('href')).resolves.toBe(`mailto:${bo.member.email}`);
    await expect(askCard(ada.page, bo.member).count()).resolves.toBe(0);
    await introducedCard(connector.page, ada.member, bo.member).getByText('Connected', { exact: true }).waitFor();

    // The three share a thread: Ada posts, Bo reads it live.
    await adasCardOfBo.getByLabel('Write to the thread').fill('Hello Bo! Coffee next week?');
    await adasCardOfBo.getByRole('button', { name: 'Post' }).click();
    await bosCardOfAda.getByText('Hello Bo! Coffee next week?').waitFor();
  });

  it('when Cy declines, Bo’s view of that introduction does not change at all', async () => {
    const { connector, bo, cy } = people;
    await bo.page.goto(`${stack.webUrl}/introductions`);
    await cy.page.goto(`${stack.webUrl}/introductions`);
    await introduce(connector.page, bo.member, cy.member, 'Cy is starting the kind of group Bo already runs.');

    const bosCard = askCard(bo.page, cy.member);
    await bosCard.getByRole('button', { name: 'Accept' }).waitFor();
    const before = await bosCard.innerText();
    await askCard(cy.page, bo.member).getByRole('button', { name: 'Decline' }).click();
    await askCard(cy.page, bo.member).getByText('You declined.').waitFor();

    // The connector is told (only them), which also shows every live message has gone out.
    await introducedCard(connector.page, bo.member, cy.member).getByText('Declined').waitFor();
    await bo.page.waitForTimeout(1_000);
    expect(await bosCard.innerText()).toBe(before);
    // A fresh load shows the same: still waiting, still Bo's to answer.
    await bo.page.reload();
    await bosCard.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await bosCard.innerText()).toBe(before);
    expect(before).toContain('Accept');
    expect(before).not.toMatch(/declined/i);
    await expect(connectedCard(bo.page, cy.member).count()).resolves.toBe(0);

    await people.ada.page.screenshot({ path: path.join(RESULTS_DIR, 'introductions-connected.png'), fullPage: true });
    await bo.page.setViewportSize({ width: 375, height: 800 });
    await bo.page.screenshot({ path: path.join(RESULTS_DIR, 'introductions.png'), fullPage: true });
  });

  it('logged no console errors along the way', () => {
    for (const person of Object.values(people)) expect(person.errors).toEqual([]);
  });
});
