import type { Page } from 'playwright-core';

/** A person the end-to-end tests sign up, with what other people will see of them. */
export interface Member {
  name: string;
  handle: string;
  email: string;
}

/** A fresh member with a unique handle, so a test never collides with the demo community or an earlier run. */
export function newMember(first: string, last: string): Member {
  const handle = `${first}_${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1000)}`.toLowerCase();
  return { name: `${first} ${last}`, handle, email: `${handle}@example.org` };
}

/** Signs a newcomer up through the sign-up form; they land on the directory. */
export async function signUp(page: Page, webUrl: string, member: Member): Promise<void> {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel('Name').fill(member.name);
  await page.getByLabel('Handle').fill(member.handle);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/people');
}

/** Signs a demo member in (password `ripple-demo`); members land on the feed. */
export async function signInDemo(page: Page, webUrl: string, handle: string): Promise<void> {
  await page.goto(`${webUrl}/signin`);
  await page.getByLabel('Email').fill(`${handle}@demo.ripple.community`);
  await page.getByLabel('Password').fill('ripple-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${webUrl}/`);
}

/**
 * Picks a member in a picker (an ARIA combobox) the way a keyboard user
 * does: type part of the name or handle, arrow down to the match, Enter.
 */
export async function pickMember(page: Page, pickerLabel: string, search: string, optionName: string | RegExp): Promise<void> {
  const combobox = page.getByRole('combobox', { name: pickerLabel, exact: true });
  await combobox.fill(search);
  const option = page.getByRole('option', { name: optionName });
  await option.waitFor();
  // Arrow down until the wanted option is the active one, then Enter.
  for (let i = 0; i < 10; i += 1) {
    await combobox.press('ArrowDown');
    if ((await option.getAttribute('aria-selected')) === 'true') break;
  }
  await combobox.press('Enter');
  await page.getByRole('list', { name: `${pickerLabel}: chosen` }).getByText(optionName).first().waitFor();
}
