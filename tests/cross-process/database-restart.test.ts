import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/api/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../apps/api/src/db/database.js';
import { API_ENTRY, spawnNode, stopProcess, waitFor } from '../support/stack.js';

/** PostgreSQL restarting under a running API: fail fast and clearly, then recover alone. */
let dir: string;
let pg: EmbeddedDatabase;
let api: ChildProcess;
let url: string;
const output: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ripple-restart-'));
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true, persistent: true });
  await ensureDatabase(pg.url, 'ripple');
  const port = await freePort();
  api = spawnNode('api', API_ENTRY, {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(pg.url, 'ripple'),
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'fatal',
    // Budgets in the same database: the sign-up's first statement is its rate limit, which must fail as clearly.
    RATE_LIMIT_STORE: 'postgres',
  }, output);
  url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`, output);
});
afterAll(async () => {
  await stopProcess(api);
  await pg.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const signUp = (handle: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation ($i: SignUpInput!) { signUp(input: $i) { token person { handle } } }`,
      variables: { i: { name: handle, handle, email: `${handle}@example.test`, password: 'long enough' } },
    }),
  });

describe('PostgreSQL restarting under the API', () => {
  it('answers SERVICE_UNAVAILABLE quickly while it is down, not ready, then recovers by itself', async () => {
    const before = await (await signUp('before')).json();
    expect(before.data.signUp.person.handle).toBe('before');

    await pg.stop();
    const started = Date.now();
    const down = await signUp('during');
    const body = await down.json();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|stack|select |insert /i);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    // Signed in, the session lookup itself fails: the same clear answer.
    const viewer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${before.data.signUp.token}` },
      body: JSON.stringify({ query: '{ viewer { handle } }' }),
    });
    const viewerBody = await viewer.json();
    expect(viewer.status).toBe(503);
    expect(viewerBody.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(viewerBody)).not.toMatch(/ECONNREFUSED|Context creation|stack/i);

    await pg.start();
    await waitFor(`${url}/readyz`, output, 30_000);
    const after = await (await signUp('after')).json();
    expect(after.data.signUp.person.handle).toBe('after');
    // Nothing half-written: the sign-up that failed left no account behind.
    const retry = await (await signUp('during')).json();
    expect(retry.data.signUp.person.handle).toBe('during');
  });
});
