import { gzipSync } from 'node:zlib';
import pg from 'pg';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from './support/api-process.js';
import { eventually } from './support/ws.js';

/**
 * RELIABILITY row 27: no password, token, cookie or authorization header in
 * any log line, in any mode. The API runs as its own process (as deployed),
 * at the most talkative log level; every request below carries secrets and
 * makes something log or go wrong; then everything the process printed is
 * searched for them.
 *
 * Regression: a malformed JSON body made Express print the raw body,
 * password included, to stderr in every mode but `test`.
 */

const PASSWORD = 'pw-Zq81-never-logged';
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
const FOLLOWERS = `query ($h: String!) { person(handle: $h) { followers { edges { cursor } } } }`;

async function provokeLogging(api: ApiProcess, handle: string): Promise<string[]> {
  const email = `${handle}@example.test`;
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(api.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signUp = await post(JSON.stringify({ query: SIGN_UP, variables: { input: { name: 'Log Test', handle, email, password: PASSWORD } } }));
  const { data } = await signUp.json();
  const token: string = data.signUp.token;
  const credentials = { authorization: `Bearer ${token}`, cookie: `ripple_session=${token}` };
  const signInBody = JSON.stringify({ query: SIGN_IN, variables: { input: { email, password: PASSWORD } } });

  const statuses = [
    // Bodies the parser refuses, each holding the password.
    (await post(`${signInBody.slice(0, -1)},,}`, credentials)).status,
    (await post(JSON.stringify({ query: SIGN_IN, variables: { input: { email, password: PASSWORD.repeat(6_000) } } }), credentials)).status,
    (await post(signInBody, { ...credentials, 'content-type': 'application/json; charset=latin1' })).status,
    (await post(signInBody, { ...credentials, 'content-encoding': 'x-unknown' })).status,
    (await post(new Uint8Array(gzipSync(signInBody).subarray(0, 20)), { ...credentials, 'content-encoding': 'gzip' })).status,
    // A subscription over HTTP, an unknown route.
    (await post(JSON.stringify({ query: 'subscription { feedEvents { id } }' }), credentials)).status,
    (await fetch(api.httpUrl.replace('/graphql', '/admin'), { headers: credentials })).status,
  ];

  // Faults inside operations, which are logged as errors.
  const db = new pg.Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    await db.query(`alter table follow rename column event_id to event_id_renamed`);
    statuses.push((await post(JSON.stringify({ query: FOLLOWERS, variables: { h: handle } }), credentials)).status);
    const ws = createClient({
      url: api.wsUrl,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie: credentials.cookie } });
        }
      },
      connectionParams: { authorization: credentials.authorization },
      retryAttempts: 0,
    });
    const wsResult = await new Promise<unknown>((resolve) => {
      const results: unknown[] = [];
      ws.subscribe({ query: FOLLOWERS, variables: { h: handle } }, { next: (v) => results.push(v), error: resolve, complete: () => resolve(results) });
    });
    expect(JSON.stringify(wsResult)).toContain('INTERNAL_SERVER_ERROR');
    await ws.dispose();
    await db.query(`alter table follow rename column event_id_renamed to event_id`);

    await db.query(`create function refuse_session() returns trigger language plpgsql as $$ begin raise exception 'no sessions today'; end $$`);
    await db.query(`create trigger refuse_session before insert on session for each row execute function refuse_session()`);
    statuses.push((await post(signInBody, credentials)).status);
  } finally {
    await db.end();
  }
  // Two operations failed over HTTP and one over WebSocket: each is logged.
  await eventually(async () => (api.output().match(/unexpected error in an operation/g)?.length ?? 0) >= 3);
  return [token, String(statuses)];
}

const MODES: Record<string, Record<string, string>> = {
  production: { NODE_ENV: 'production', LOG_LEVEL: 'trace' },
  development: { NODE_ENV: 'development', LOG_LEVEL: 'trace' },
};
const runs = new Map<string, { api: ApiProcess; token: string; statuses: string }>();

// Both processes at once: each takes a while to boot under tsx.
beforeAll(async () => {
  await Promise.all(
    Object.entries(MODES).map(async ([mode, env]) => {
      const api = await startApiProcess(env);
      runs.set(mode, { api, token: '', statuses: '' });
      const [token, statuses] = await provokeLogging(api, `logs_${mode}`);
      await api.stop(); // shutdown lines included
      runs.set(mode, { api, token: token!, statuses: statuses! });
    }),
  );
}, 240_000);
afterAll(() => Promise.all([...runs.values()].map(({ api }) => api.stop())));

describe.each(Object.keys(MODES))('row 27: secrets in logs, %s mode', (mode) => {
  const run = () => runs.get(mode)!;

  it('answered every provocation without a 5xx', () => {
    expect(run().statuses.split(',').map(Number)).toEqual([400, 413, 415, 415, 400, 400, 404, 200, 200]);
  });

  it('printed log lines (the search below is not over nothing)', () => {
    const output = run().api.output();
    expect(output.trim().split('\n').length).toBeGreaterThan(5);
    expect(output).toContain('API ready');
    // The three faults, each once; nothing for the client's own mistakes (bodies, a subscription over HTTP).
    expect(output.match(/unexpected error in an operation/g)).toHaveLength(3);
  });

  it('printed no password, token, cookie or authorization header', () => {
    const output = run().api.output();
    const { token } = run();
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(token);
    expect(output).not.toContain(encodeURIComponent(token));
    expect(output).not.toMatch(/Bearer\s+(?!\[Redacted\])/);
    expect(output).not.toMatch(/ripple_session=(?!\[Redacted\])/);
  });

  it('printed nothing but JSON log lines: no Express error pages or stacks on stderr', () => {
    for (const line of run().api.output().trim().split('\n')) {
      expect(() => JSON.parse(line), line).not.toThrow();
    }
  });
});
