import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/api/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../apps/api/src/db/database.js';
import { toGlobalId } from '../support/ids.js';
import { API_ENTRY, spawnNode, stopProcess, waitFor } from '../support/stack.js';

/**
 * Without ID_SECRET, the first API process on a database stores a random id
 * key there: two processes booting at once on a fresh database agree on
 * every id, and a restarted one hands out the same ids as before (bookmarked
 * /ripples/<id> links keep working).
 */
let dir: string;
let pg: EmbeddedDatabase;
let dbUrl: string;
const output: string[] = [];
const running: ChildProcess[] = [];

async function startApi(env: Record<string, string> = {}): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawnNode(`api-${running.length + 1}`, API_ENTRY, {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'false',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    ID_SECRET: '', // unset: the database's key
    ...env,
  }, output);
  running.push(child);
  await waitFor(`http://127.0.0.1:${port}/readyz`, output);
  return { url: `http://127.0.0.1:${port}/graphql`, process: child };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ripple-ids-'));
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await ensureDatabase(pg.url, 'ripple');
  dbUrl = databaseUrl(pg.url, 'ripple');
});
afterAll(async () => {
  await Promise.all(running.map((child) => stopProcess(child)));
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const SHARE = `mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`;
const FEED = `{ feed { edges { cursor node { id sharer { id } event { id } } } } }`;

describe('ids with the key kept in the database', () => {
  it('two instances booted at once agree on every id and cursor; a restarted one gives the same ids', async () => {
    const [one, two] = await Promise.all([startApi(), startApi()]);
    const signedUp = await gql(one.url, `mutation ($i: SignUpInput!) { signUp(input: $i) { token person { id } } }`, {
      i: { name: 'Ada', handle: 'ada', email: 'ada@example.test', password: 'long enough password' },
    });
    const token: string = signedUp.data.signUp.token;
    await gql(two.url, SHARE, { i: { url: 'https://example.org/essay', title: 'An essay', authorName: 'Outside Writer' } }, token);

    const fromOne = await gql(one.url, FEED, {}, token);
    const fromTwo = await gql(two.url, FEED, {}, token);
    expect(fromOne.data.feed.edges).toHaveLength(1);
    expect(fromTwo).toEqual(fromOne);
    expect(fromOne.data.feed.edges[0].node.sharer.id).toBe(signedUp.data.signUp.person.id);

    // Restarted on the same database: the same ids, and ids from before still find their objects.
    await stopProcess(one.process);
    const again = await startApi();
    expect(await gql(again.url, FEED, {}, token)).toEqual(fromOne);
    const shareId = fromOne.data.feed.edges[0].node.id;
    expect((await gql(again.url, `query ($id: ID!) { node(id: $id) { id } }`, { id: shareId }, token)).data).toEqual({ node: { id: shareId } });

    // The key is the database's, not the test's: an id made under another key finds nothing.
    const foreign = await gql(again.url, `query ($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('Share', '1') }, token);
    expect(foreign.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
