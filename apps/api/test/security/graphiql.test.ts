import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * GraphiQL is served from the API's own dependencies in development, with
 * nothing from another origin; production has no explorer and refuses
 * introspection (RELIABILITY row 5).
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INTROSPECTION = `{ __schema { queryType { name } } }`;

/** Every absolute http(s) or protocol-relative address in a document's references. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

describe('development', () => {
  let api: TestApi;
  let origin: string;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'development' });
    origin = new URL(api.httpUrl).origin;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('serves GraphiQL and every file it references from this server, under its own CSP', async () => {
    const page = await fetch(api.httpUrl, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    const html = await page.text();
    expect(html).toMatch(/<title>Ripple API · GraphiQL<\/title>/);

    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) expect(ref, ref).not.toMatch(EXTERNAL);

    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toContain('/graphiql/yoga-graphiql.umd.js');
    const bodies = new Map<string, string>();
    for (const ref of [...scripts, ...styles]) {
      const res = await fetch(new URL(ref, origin));
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toMatch(ref.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      bodies.set(ref, await res.text());
    }

    // The start script names Monaco's workers: each is served here too.
    const workers = [...bodies.get('/graphiql/start.js')!.matchAll(/"(\/graphiql\/monacoeditorwork\/[^"]+)"/g)].map((m) => m[1]!);
    expect(workers).toHaveLength(3);
    for (const worker of workers) {
      const res = await fetch(new URL(worker, origin));
      expect(res.status, worker).toBe(200);
      expect(res.headers.get('content-type'), worker).toMatch(/javascript/);
      expect((await res.text()).length).toBeGreaterThan(1000);
    }

    // No stylesheet pulls a font or image from elsewhere; no script imports from a CDN.
    for (const [ref, body] of bodies) {
      if (ref.endsWith('.css')) {
        for (const [, url] of body.matchAll(/url\(\s*['"]?([^'")]+)/g)) expect(url, `${ref}: ${url}`).not.toMatch(EXTERNAL);
        expect(body).not.toMatch(/@import\s/);
      } else {
        expect(body).not.toMatch(/\bimport\s*\(\s*["'`]https?:|importScripts\(\s*["'`]https?:|unpkg\.com|cdn\.jsdelivr|esm\.sh/);
      }
    }
  });

  it('still answers API clients on GET and POST, and introspection in development', async () => {
    const get = await fetch(`${api.httpUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const res = await api.gql(INTROSPECTION);
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('production', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@127.0.0.1/x' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has no explorer: a browser opening /graphql gets a JSON error, not a page', async () => {
    const res = await fetch(api.httpUrl, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = await res.json();
    expect(body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    for (const asset of ['/graphiql/yoga-graphiql.umd.js', '/graphiql/start.js']) {
      const file = await fetch(new URL(asset, api.httpUrl));
      expect(file.status).toBe(404);
      expect(file.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('refuses introspection with a clear code', async () => {
    const res = await api.gql(INTROSPECTION);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    expect(res).not.toHaveProperty('data');
  });
});
