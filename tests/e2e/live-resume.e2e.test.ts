import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { databaseUrl, freePort, startEmbeddedPostgres } from '../../apps/api/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../apps/api/src/db/database.js';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { API_ENTRY, ROOT, spawnNode, stopProcess, waitFor } from '../support/stack.js';
import { signInDemo } from './members.js';

/**
 * A lost connection, end to end: the reader's API instance goes away while
 * their feed is open; the page says "Reconnecting…"; meanwhile two shares are
 * made through a second instance on the same database. When the first
 * instance is back, the page resumes the live feed from its last cursor
 * (`since`) and shows exactly the shares it missed behind the bar, once each,
 * without a reload (PROTOCOL.md, "The client's side").
 */
describe('live lists resume from their last cursor after a lost connection', () => {
  const output: string[] = [];
  let dir: string;
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let dbUrl: string;
  let apiPort: number;
  let apiEnv: Record<string, string>;
  let api: ChildProcess;
  let otherApi: ChildProcess;
  let otherApiUrl: string;
  let web: ChildProcess;
  let webUrl: string;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ripple-resume-'));
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
    await ensureDatabase(pg.url, 'ripple');
    dbUrl = databaseUrl(pg.url, 'ripple');
    const [webPort, otherPort] = [await freePort(), await freePort()];
    apiPort = await freePort();
    webUrl = `http://127.0.0.1:${webPort}`;
    apiEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      WEB_ORIGINS: webUrl,
      PUBLIC_WEB_URL: webUrl,
      COOKIE_SECURE: 'false',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
    };
    api = spawnNode('api-1', API_ENTRY, apiEnv, output);
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, output);
    otherApi = spawnNode('api-2', API_ENTRY, { ...apiEnv, PORT: String(otherPort), SEED_DEMO: 'false' }, output);
    otherApiUrl = `http://127.0.0.1:${otherPort}/graphql`;
    await waitFor(`http://127.0.0.1:${otherPort}/readyz`, output);
    web = spawnNode('web', path.join(ROOT, 'apps/web/build/index.js'), {
      HOST: '127.0.0.1',
      PORT: String(webPort),
      ORIGIN: webUrl,
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}/graphql`,
    }, output);
    await waitFor(webUrl, output);
    browser = await launchBrowser();
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api, otherApi, web].filter(Boolean).map((child) => stopProcess(child)));
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Julien shares through the other instance, as another device of his would. */
  async function shareElsewhere(token: string, title: string) {
    const response = await fetch(otherApiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation($input: ShareWorkInput!) { shareWork(input: $input) { id } }',
        variables: { input: { url: 'https://example.org/julien', title, authorName: 'Ana Lee' } },
      }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
  }

  it('says "Reconnecting…" while the API is away, then shows what was shared meanwhile, once', async () => {
    // Watch the socket: which feed events arrive, and what `since` each subscribe sends.
    const received: string[] = [];
    const sinceSent: (string | null)[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { data?: { feedEvents?: { id: string } } } };
        const id = message.type === 'next' ? message.payload?.data?.feedEvents?.id : undefined;
        if (id) received.push(id);
      });
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { operationName?: string; variables?: { since?: string | null } } };
        if (message.type === 'subscribe' && message.payload?.operationName === 'FeedEvents') sinceSent.push(message.payload.variables?.since ?? null);
      });
    });
    await signInDemo(page, webUrl, 'chris');
    await page.getByRole('article').first().waitFor();
    // Let the live feed connect before pulling the plug.
    await page.waitForTimeout(1_000);

    const signIn = await fetch(otherApiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        variables: { input: { email: 'julien@demo.ripple.community', password: 'ripple-demo' } },
      }),
    });
    const { data } = (await signIn.json()) as { data: { signIn: { token: string } } };

    // One share arrives live before the outage.
    const before = `Seen live ${Date.now().toString(36)}`;
    await shareElsewhere(data.signIn.token, before);
    await page.getByRole('button', { name: '1 new share' }).waitFor();
    expect(received).toHaveLength(1);

    const errorsBeforeOutage = pageErrors.length;
    await stopProcess(api);
    await page.getByText('Reconnecting…').waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'live-reconnecting.png') });

    const titles = [`Missed while away ${Date.now().toString(36)}`, `Also missed ${Date.now().toString(36)}`];
    for (const title of titles) await shareElsewhere(data.signIn.token, title);

    api = spawnNode('api-1', API_ENTRY, { ...apiEnv, SEED_DEMO: 'false' }, output);
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, output);

    const bar = page.getByRole('button', { name: '3 new shares' });
    await bar.waitFor({ timeout: 30_000 });
    await expect(page.getByText('Reconnecting…').count()).resolves.toBe(0);
    // The resubscribe asked for what came after the last event received, not after the page load.
    expect(sinceSent.length).toBeGreaterThanOrEqual(2);
    expect(sinceSent.at(-1)).toBe(received[0]);
    expect(sinceSent[0]).not.toBe(received[0]);
    expect(received).toHaveLength(3);
    await bar.click();
    // The first page is read again and goes on top; each share shows once.
    await page.getByRole('article').filter({ hasText: titles[1] }).waitFor();
    for (const title of [before, ...titles]) await expect(page.getByRole('article').filter({ hasText: title }).count()).resolves.toBe(1);
    await expect(page.getByRole('article').first().innerText()).resolves.toContain(titles[1]);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'live-resume.png') });

    // The only console errors are Chromium's own reports of the refused socket during the outage.
    const outage = pageErrors.slice(errorsBeforeOutage);
    expect(pageErrors.slice(0, errorsBeforeOutage)).toEqual([]);
    expect(outage.every((line) => /WebSocket connection to .* failed/.test(line))).toBe(true);
  });
});
