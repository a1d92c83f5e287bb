import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { ChildProcess } from 'node:child_process';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { freePort } from '../../apps/api/src/db/embedded-postgres.js';
import { API_ENTRY, spawnNode, startStack, stopProcess, TEST_ID_SECRET, waitFor, type Stack } from '../support/stack.js';
import { localIdOf, toGlobalId } from '../support/ids.js';

/**
 * A share's own page, read as a link preview and a feed reader read it (a
 * plain HTTP GET of the built web app, no JavaScript), then in Chromium
 * signed out and signed in; the RSS, Atom and JSON feeds parsed with a real
 * parser; GraphiQL served by a development API with nothing from elsewhere.
 */

// What members type goes into meta tags and XML: it must come back out exactly.
const TITLE = 'The "quiet" <hour> & why it works';
const NOTE = 'Read this before your next 1:1.\nIt changed how I run mine </script><b>really</b>.';

interface Member {
  id: string;
  token: string;
  name: string;
  handle: string;
  email: string;
}

let stack: Stack;
let browser: Browser;
let sarah: Member;
let julien: Member;
let share: { id: string; eventId: string };
let reshare: { id: string };
let hidden: { id: string };

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(stack.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function signUp(first: string): Promise<Member> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const input = { name: `${first} Tester`, handle: `${first.toLowerCase()}_${tag}`, email: `${first}.${tag}@example.org`, password: 'a long enough password' };
  const data = await gql(`mutation ($input: SignUpInput!) { signUp(input: $input) { token person { id } } }`, { input });
  return { id: data.signUp.person.id, token: data.signUp.token, name: input.name, handle: input.handle, email: input.email };
}

async function shareWork(who: Member, input: Record<string, unknown>) {
  const data = await gql(`mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`, { input }, who.token);
  return { id: data.shareWork.id as string, eventId: data.shareWork.event.id as string };
}

/** Statements on the API's database, in order on one connection, through the API package's own PostgreSQL client. */
async function sql(statements: [string, unknown[]][]): Promise<void> {
  const { Client } = createRequire(path.join(path.dirname(API_ENTRY), '..', 'package.json'))('pg') as {
    Client: new (url: string) => { connect(): Promise<void>; query(t: string, p: unknown[]): Promise<unknown>; end(): Promise<void> };
  };
  const client = new Client(stack.databaseUrl);
  await client.connect();
  try {
    for (const [text, params] of statements) await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** The value of each `<meta property|name=… content=…>` in a server-rendered page, entities decoded. */
function metaTags(html: string): Map<string, string> {
  const tags = new Map<string, string>();
  // An attribute value may hold a raw ">" (HTML escapes only "<", "&" and quotes there).
  for (const [, attrs] of html.matchAll(/<meta\s((?:[^>"]|"[^"]*")*)>/g)) {
    const key = /(?:property|name)="([^"]+)"/.exec(attrs!)?.[1];
    const content = /content="([^"]*)"/.exec(attrs!)?.[1];
    if (key && content !== undefined) tags.set(key, decodeEntities(content));
  }
  return tags;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

beforeAll(async () => {
  stack = await startStack({ seedDemo: false });
  browser = await launchBrowser();
  [sarah, julien] = await Promise.all([signUp('Sarah'), signUp('Julien')]);
  share = await shareWork(sarah, { url: 'https://www.example.com/quiet-hour', title: TITLE, note: NOTE, authorName: 'Ana Ruiz' });
  const reshared = await gql(`mutation ($id: ID!) { reshare(shareId: $id, note: "Julien's take") { id } }`, { id: share.id }, julien.token);
  reshare = { id: reshared.reshare.id };
  hidden = await shareWork(sarah, { url: 'https://example.com/private', title: 'For Julien only', note: 'secret note', authorName: 'Ana Ruiz' });
  // No mutation shares to an audience yet, but the event log allows it and every
  // public read must honour it: make this share's event visible to Julien only
  // (the log is append-only by trigger, lifted just for this fixture).
  await sql([
    ['begin', []],
    ['alter table event disable trigger event_append_only', []],
    [
      `update event set visibility = 'audience', audience = array[$1::bigint] where subject_share_id = $2`,
      [localIdOf(julien.id, 'Person'), localIdOf(hidden.id, 'Share')],
    ],
    ['alter table event enable trigger event_append_only', []],
    ['commit', []],
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a share’s own page without JavaScript', () => {
  it('is server-rendered with OpenGraph and Twitter card tags, escaped', async () => {
    const res = await fetch(`${stack.webUrl}/shares/${share.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const meta = metaTags(html);
    expect(meta.get('og:title')).toBe(TITLE);
    expect(meta.get('og:description')).toBe(NOTE.replace(/\s+/g, ' '));
    expect(meta.get('og:site_name')).toBe('Ripple');
    expect(meta.get('og:type')).toBe('article');
    expect(meta.get('og:url')).toBe(`${stack.webUrl}/shares/${share.id}`);
    expect(meta.get('author')).toBe('Ana Ruiz');
    expect(meta.get('twitter:card')).toBe('summary');
    expect(meta.get('twitter:title')).toBe(TITLE);
    // What the member typed never becomes markup.
    expect(html).not.toContain('<hour>');
    expect(html).not.toContain('<b>really</b>');
    // The page itself, readable without scripts: the work, its site, who shared it and why, what it led to.
    const text = decodeEntities(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(text).toContain(TITLE);
    expect(text).toContain('example.com');
    expect(text).toContain('Sarah Tester shared');
    expect(text).toMatch(/Reshares 1 Thank-yous 0 Ripple size 2/);
    expect(text).toContain(`Reshared by ${julien.name}`);
    expect(html).toContain(`href="/people/${julien.handle}"`);
    expect(html).toContain(`href="/ripples/${share.eventId}"`);
    // Feed readers find the sharer's feed from the page.
    for (const type of ['application/rss+xml', 'application/atom+xml', 'application/feed+json']) {
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}"[^>]* href="/people/${sarah.id}/feed\\.`));
    }
  });

  it('answers 404 with a page for a share that is not public, missing, or not a share', async () => {
    for (const id of [hidden.id, toGlobalId('Share', '987654321'), sarah.id, 'garbage']) {
      const res = await fetch(`${stack.webUrl}/shares/${id}`);
      expect(res.status, id).toBe(404);
      const html = await res.text();
      expect(html).toContain('No public share here');
      expect(html).not.toContain('For Julien only');
      expect(html).not.toContain('secret note');
    }
  });
});

describe('feeds', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const shareUrl = (id: string) => `${stack.webUrl}/shares/${id}`;

  it('RSS 2.0: the community’s public shares, each linking to its page', async () => {
    const res = await fetch(`${stack.webUrl}/feed.rss`);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const body = await res.text();
    const rss = xml.parse(body).rss;
    expect(rss['@version']).toBe('2.0');
    const items = list<any>(rss.channel.item);
    const mine = items.find((item) => item.link === shareUrl(share.id));
    expect(mine?.title).toBe(TITLE);
    expect(mine?.description).toContain(NOTE);
    expect(items.some((item) => item.link === shareUrl(reshare.id))).toBe(false); // the work once, not per reshare
    expect(body).not.toContain('For Julien only');
    expect(body).not.toContain(sarah.email);
  });

  it('Atom 1.0 and JSON Feed 1.1: the same items', async () => {
    const atomRes = await fetch(`${stack.webUrl}/feed.atom`);
    expect(atomRes.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = xml.parse(await atomRes.text()).feed;
    expect(atom['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entry = list<any>(atom.entry).find((e) => list<any>(e.link).some((l) => l['@href'] === shareUrl(share.id)));
    expect(entry?.title?.['#text'] ?? entry?.title).toBe(TITLE);
    expect(entry?.author?.name).toBe(sarah.name);

    const jsonRes = await fetch(`${stack.webUrl}/feed.json`);
    expect(jsonRes.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const json = (await jsonRes.json()) as { version: string; items: { id: string; url: string; title: string; authors: { name: string }[] }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    const item = json.items.find((i) => i.url === shareUrl(share.id));
    expect(item).toMatchObject({ title: TITLE, authors: [{ name: sarah.name }] });
    expect(JSON.stringify(json)).not.toContain('For Julien only');
  });

  it('a member’s feed holds their public shares and reshares; an unknown member is 404', async () => {
    const sarahs = xml.parse(await (await fetch(`${stack.webUrl}/people/${sarah.id}/feed.rss`)).text()).rss.channel;
    expect(sarahs.title).toBe(`${sarah.name} on Ripple`);
    expect(list<any>(sarahs.item).map((i) => i.link)).toEqual([shareUrl(share.id)]);

    const juliens = (await (await fetch(`${stack.webUrl}/people/${julien.id}/feed.json`)).json()) as { items: { url: string; title: string }[] };
    expect(juliens.items).toEqual([expect.objectContaining({ url: shareUrl(reshare.id), title: `${julien.name} reshared: ${TITLE}` })]);

    for (const id of [toGlobalId('Person', '987654321'), share.id]) {
      expect((await fetch(`${stack.webUrl}/people/${id}/feed.atom`)).status).toBe(404);
    }
  });
});

describe('in a browser', () => {
  it('reads signed out at 1280 and 375 px, and lets a signed-in member thank the sharer', async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${stack.webUrl}/shares/${share.id}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('link', { name: 'Join Ripple' }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'share-page.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'share-page-375.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Julien signs in (the same browser profile keeps his session) and comes back to the page.
    await page.goto(`${stack.webUrl}/signin`);
    await page.getByLabel('Email').fill(julien.email);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.webUrl}/`);
    await page.goto(`${stack.webUrl}/shares/${share.id}`);
    await page.getByText('✓ Reshared').waitFor(); // his own state, asked for with his session
    await page.getByRole('button', { name: `Thank ${sarah.name}` }).click();
    await page.getByText('✓ Thanked').waitFor();
    await page.locator('dl div', { hasText: 'Thank-yous' }).locator('dd').filter({ hasText: /^1$/ }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'share-page-signed-in.png'), fullPage: true });

    // Every page advertises the community's feed in its HTML, before any script runs (a feed
    // reader pointed at the site finds it); a member's card adds theirs for the browser.
    const alternates = () =>
      page.evaluate(() => [...document.querySelectorAll('link[rel="alternate"]')].map((l) => `${l.getAttribute('type')} ${l.getAttribute('href')}`));
    const types = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };
    const community = Object.entries(types).map(([f, type]) => `${type} /feed.${f}`);
    const shell = await (await fetch(`${stack.webUrl}/`)).text();
    for (const [f, type] of Object.entries(types)) expect(shell).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}"[^>]* href="/feed\\.${f}"`));
    await page.goto(`${stack.webUrl}/`);
    await page.getByRole('heading', { name: 'Feed' }).waitFor();
    expect(await alternates()).toEqual(community);
    await page.goto(`${stack.webUrl}/people/${sarah.handle}`);
    await page.getByRole('heading', { name: sarah.name }).first().waitFor();
    expect(await alternates()).toEqual([...community, ...Object.entries(types).map(([f, type]) => `${type} /people/${sarah.id}/feed.${f}`)]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('GraphiQL in development', () => {
  let api: ChildProcess | undefined;
  afterAll(async () => {
    if (api) await stopProcess(api);
  });

  it('loads with every request to its own server, under its CSP', async () => {
    const port = await freePort();
    const output: string[] = [];
    api = spawnNode('api-dev', API_ENTRY, {
      NODE_ENV: 'development',
      DATABASE_URL: stack.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ID_SECRET: TEST_ID_SECRET,
    }, output);
    const origin = `http://127.0.0.1:${port}`;
    await waitFor(`${origin}/readyz`, output);

    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-execute-button').waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'graphiql.png') });

    const elsewhere = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(elsewhere).toEqual([]);
    expect(requests.some((url) => url.includes('/graphiql/monacoeditorwork/'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await page.close();
  }, 180_000);
});
