import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, type Browser } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { signInDemo } from './members.js';

/**
 * The built web app's security headers, and a real browser using the app
 * under its Content-Security-Policy. Regression: the web app sent no CSP,
 * no framing protection, no nosniff and no Referrer-Policy.
 */

/** Parses a CSP header into its directives. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Records every CSP violation the page reports, from before any script of the app runs. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

describe('web security headers and CSP', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it.each(['/', '/signin', '/people/julien', '/ripples', '/no-such-page'])('GET %s sends CSP, framing, nosniff and referrer headers', async (path) => {
    const response = await fetch(`${stack.webUrl}${path}`);
    const html = await response.text();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');

    const csp = directives(response.headers.get('content-security-policy') ?? '');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const script = csp.get('script-src') ?? [];
    expect(script).toContain("'self'");
    expect(script.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The API, over HTTP and WebSocket, from PUBLIC_API_URL at run time.
    const api = new URL(stack.apiUrl);
    expect(csp.get('connect-src')).toEqual(["'self'", api.origin, `ws://${api.host}`]);
    // SvelteKit's one inline script carries the nonce the header allows.
    const nonce = script.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    expect(html).toContain(`<script nonce="${nonce}">`);
  });

  it('gives every page a fresh nonce', async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => (await fetch(`${stack.webUrl}/signin`)).headers.get('content-security-policy')!.match(/'nonce-([^']+)'/)![1]),
    );
    expect(new Set(nonces).size).toBe(3);
  });

  it("the API's answers carry nosniff too", async () => {
    const response = await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a signed-in member uses feed, card (QR code), ripple explorer (canvas), introductions and me with no CSP violation', async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    const violations = await recordViolations(page);
    try {
      await signInDemo(page, stack.webUrl, 'sarah');
      await page.getByRole('article').first().waitFor(); // the feed, loaded over HTTP, live over WebSocket
      expect(await violations()).toEqual([]);

      await page.goto(`${stack.webUrl}/people/julien`);
      await page.getByRole('img', { name: /QR code linking to Julien/ }).waitFor();
      expect(await violations()).toEqual([]);

      await page.goto(`${stack.webUrl}/ripples`);
      await page.getByRole('region', { name: 'Ripples I started' }).getByRole('link').first().click();
      await page.waitForURL('**/ripples/*');
      await page.locator('canvas').first().waitFor();
      expect(await violations()).toEqual([]);

      for (const path of ['/introductions', '/me', '/share']) {
        await page.goto(`${stack.webUrl}${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect(await violations(), path).toEqual([]);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the policy is enforced: an injected inline handler does not run', async () => {
    const page = await browser.newPage();
    const violations = await recordViolations(page);
    try {
      // A page that renders the same signed in or out (this browser is signed in by now).
      await page.goto(`${stack.webUrl}/no-such-page`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.evaluate(() => {
        document.body.insertAdjacentHTML('beforeend', `<button id="injected" onclick="window.__ran = true">x</button>`);
        document.getElementById('injected')!.click();
        const script = document.createElement('script');
        script.textContent = 'window.__ranScript = true';
        document.body.append(script);
      });
      await expect.poll(violations).toHaveLength(2);
      expect(await page.evaluate(() => [(window as { __ran?: boolean }).__ran, (window as { __ranScript?: boolean }).__ranScript])).toEqual([undefined, undefined]);
      expect((await violations()).every((v) => v.startsWith('script-src'))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
