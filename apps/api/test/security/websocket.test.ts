import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import {
  connectedClient,
  eventually,
  holdSessionLookups,
  rawSocket,
  runOnce,
  run,
  upgradeStatus,
  waitingOnLocks,
  type RawSocket,
} from './support/ws.js';

/**
 * The WebSocket door: who may open it (row 8), what the protocol tolerates
 * (row 9) and how much one socket may hold at once (row 10).
 */

const CAP = 3;
const WEB_ORIGIN = 'http://localhost:3000';
const VIEWER = `{ viewer { handle } }`;

let api: TestApi;
let member: TestPerson;

beforeAll(async () => {
  api = await startTestApi({ MAX_SUBSCRIPTIONS_PER_SOCKET: String(CAP) });
  member = await newPerson(api);
});
afterAll(() => api?.close());

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
  ]);

const init = (token = member.token) => ({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
const subscribe = (id: string, query = VIEWER) => ({ id, type: 'subscribe', payload: { query } });

async function acknowledged(): Promise<RawSocket> {
  const socket = await rawSocket(api);
  socket.send(init());
  await withTimeout(socket.nextMessage('connection_ack'), 5_000, 'connection_ack');
  return socket;
}

describe('row 8: who may open the socket', () => {
  const cookie = () => `ripple_session=${member.token}`;

  it('refuses the upgrade from a foreign Origin even with a valid session cookie', async () => {
    expect(WEB_ORIGIN).toBe(api.config.WEB_ORIGINS[0]);
    const status = await upgradeStatus(api, { origin: 'https://evil.example', cookie: cookie() });
    expect(status).not.toBe(101);
    expect(status).toBeGreaterThanOrEqual(400);
    // Nor does a Bearer token make a foreign page welcome.
    expect(await upgradeStatus(api, { origin: 'https://evil.example' })).toBeGreaterThanOrEqual(400);
    // A look-alike of the allowed origin is foreign too.
    expect(await upgradeStatus(api, { origin: 'http://localhost:3000.evil.example', cookie: cookie() })).toBeGreaterThanOrEqual(400);
  });

  it('accepts the web app’s Origin with the session cookie, as that person', async () => {
    const outcome = await runOnce(api, VIEWER, {}, { headers: { origin: WEB_ORIGIN, cookie: cookie() } });
    expect(outcome.errors).toBeNull();
    expect(outcome.nexts).toEqual([{ data: { viewer: { handle: member.handle } } }]);
  });

  it('accepts a non-browser client (no Origin) with a Bearer token in connectionParams', async () => {
    const outcome = await runOnce(api, VIEWER, {}, { token: member.token });
    expect(outcome.nexts).toEqual([{ data: { viewer: { handle: member.handle } } }]);
  });

  it('closes with 4403 when no valid session comes with the connection', async () => {
    expect((await runOnce(api, VIEWER)).closeCode).toBe(4403);
    expect((await runOnce(api, VIEWER, {}, { headers: { origin: WEB_ORIGIN } })).closeCode).toBe(4403);
    expect((await runOnce(api, VIEWER, {}, { token: 'not-a-session-token' })).closeCode).toBe(4403);
    expect((await runOnce(api, VIEWER, {}, { headers: { cookie: 'ripple_session=forged' } })).closeCode).toBe(4403);
  });

  it('answers UNAUTHENTICATED on an open socket once its session has ended', async () => {
    const person = await newPerson(api);
    const client = await connectedClient(api, { token: person.token });
    try {
      expect((await run(client, VIEWER)).nexts[0]!.data).toEqual({ viewer: { handle: person.handle } });
      const out = await api.gql(`mutation { signOut }`, {}, { token: person.token });
      expect(out.data?.signOut).toBe(true);
      const after = await run(client, VIEWER);
      expect(after.nexts).toEqual([]);
      expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    } finally {
      await client.dispose();
    }
  });
});

describe('row 9: protocol abuse, one close code each', () => {
  it('closes with 4408 when no connection_init arrives in time', async () => {
    const socket = await rawSocket(api);
    const started = Date.now();
    const { code } = await withTimeout(socket.closed, 6_000, 'the init timeout');
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it('closes with 4429 on a second connection_init', async () => {
    const socket = await acknowledged();
    socket.send(init());
    expect((await withTimeout(socket.closed, 5_000, 'close')).code).toBe(4429);
  });

  it('closes with 4401 on a subscribe before the connection is acknowledged', async () => {
    const socket = await rawSocket(api);
    socket.send(subscribe('early'));
    expect((await withTimeout(socket.closed, 5_000, 'close')).code).toBe(4401);
    expect(socket.messages.filter((m) => m.type === 'next')).toEqual([]);
  });

  it('closes with 4409 when an operation id is reused while in flight', async () => {
    const socket = await acknowledged();
    const hold = await holdSessionLookups(api);
    try {
      socket.send(subscribe('same'));
      await eventually(async () => (await waitingOnLocks(api)) >= 1); // the first is in flight
      socket.send(subscribe('same'));
      expect((await withTimeout(socket.closed, 5_000, 'close')).code).toBe(4409);
    } finally {
      await hold.release();
    }
  });

  it('closes with 4400 on garbage', async () => {
    for (const garbage of ['not json at all', '{"type":"nonsense"}', JSON.stringify({ type: 'subscribe', payload: { query: VIEWER } })]) {
      const socket = await acknowledged();
      socket.send(garbage);
      expect((await withTimeout(socket.closed, 5_000, 'close')).code).toBe(4400);
    }
  });

  it('closes with 4400 on garbage even before connection_init', async () => {
    const socket = await rawSocket(api);
    socket.send('{"type":');
    expect((await withTimeout(socket.closed, 5_000, 'close')).code).toBe(4400);
  });

  it('refuses a client that does not speak graphql-transport-ws', async () => {
    // The old subscriptions-transport-ws protocol: the server picks no subprotocol
    // (the client gives up, 1006) or closes with 4406; it never acknowledges.
    const socket = await rawSocket(api, { protocol: 'graphql-ws' });
    if (socket.socket.readyState === socket.socket.OPEN) socket.send(init());
    expect([1006, 4406]).toContain((await withTimeout(socket.closed, 5_000, 'close')).code);
    expect(socket.messages).toEqual([]);
  });
});

describe('row 10: a cap on operations per socket', () => {
  it(`refuses operation ${CAP + 1} while ${CAP} are in flight; the others complete`, async () => {
    const socket = await acknowledged();
    const hold = await holdSessionLookups(api);
    const ids = Array.from({ length: CAP + 1 }, (_, i) => `op${i + 1}`);
    try {
      // All sent at once, as a flood would be.
      for (const id of ids) socket.send(subscribe(id));
      const refused = await withTimeout(socket.nextMessage('error'), 5_000, 'the over-cap error');
      expect(refused.id).toBe(ids.at(-1));
      expect((refused.payload as any[]).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      // The first CAP are still waiting on the database, not refused.
      await eventually(async () => (await waitingOnLocks(api)) === CAP);
      expect(socket.messages.filter((m) => m.type !== 'connection_ack' && m.id !== ids.at(-1))).toEqual([]);
    } finally {
      await hold.release();
    }
    for (const id of ids.slice(0, CAP)) {
      const next = await withTimeout(socket.nextMessage('next', id), 5_000, `next for ${id}`);
      expect(next.payload).toEqual({ data: { viewer: { handle: member.handle } } });
      await withTimeout(socket.nextMessage('complete', id), 5_000, `complete for ${id}`);
    }
    // Finished operations free their places: the socket is usable again, and still open.
    socket.send(subscribe('later'));
    expect((await withTimeout(socket.nextMessage('next', 'later'), 5_000, 'next for later')).payload).toEqual({
      data: { viewer: { handle: member.handle } },
    });
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    socket.socket.close();
  });

  it(`with live subscriptions: subscription ${CAP + 1} errors, the ${CAP} others go on receiving events`, async () => {
    const sharer = await newPerson(api);
    // From a cursor at "now", so nothing depends on how fast each subscription starts.
    const activity = await api.gql(
      `query ($h: String!) { person(handle: $h) { activity(first: 1) { edges { node { id } } } } }`,
      { h: sharer.handle },
      { token: sharer.token },
    );
    const since = activity.data!.person.activity.edges[0].node.id as string;
    const FEED = `subscription ($since: ID) { feedEvents(since: $since) { id kind } }`;
    const feed = (id: string) => ({ id, type: 'subscribe', payload: { query: FEED, variables: { since } } });
    const share = async (title: string) => {
      const res = await api.gql(
        `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { event { id } } }`,
        { input: { url: 'https://example.com/cap', title, authorName: 'Someone' } },
        { token: sharer.token },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.shareWork.event.id as string;
    };

    const socket = await acknowledged();
    const ids = Array.from({ length: CAP + 1 }, (_, i) => `live${i + 1}`);
    for (const id of ids) socket.send(feed(id));
    const refused = await withTimeout(socket.nextMessage('error', ids.at(-1)), 5_000, 'the over-cap error');
    expect((refused.payload as any[]).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);

    const first = await share('for every open subscription');
    for (const id of ids.slice(0, CAP)) {
      const next = await withTimeout(socket.nextMessage('next', id), 5_000, `the event on ${id}`);
      expect(next.payload).toEqual({ data: { feedEvents: { id: first, kind: 'SHARED' } } });
    }
    expect(socket.messages.filter((m) => m.id === ids.at(-1) && m.type !== 'error')).toEqual([]);

    // And they go on: a second event reaches all of them too.
    const second = await share('and the next one');
    for (const id of ids.slice(0, CAP)) {
      await eventually(async () => socket.messages.some((m) => m.id === id && (m.payload as any)?.data?.feedEvents?.id === second));
    }
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    socket.socket.close();
  });

  it('does not count rejected operations against the cap', async () => {
    const socket = await acknowledged();
    for (let i = 0; i < CAP + 2; i++) socket.send(subscribe(`bad${i}`, '{ nope }'));
    for (let i = 0; i < CAP + 2; i++) {
      const error = await withTimeout(socket.nextMessage('error', `bad${i}`), 5_000, `error for bad${i}`);
      expect((error.payload as any[])[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    socket.send(subscribe('good'));
    expect((await withTimeout(socket.nextMessage('next', 'good'), 5_000, 'next')).payload).toEqual({
      data: { viewer: { handle: member.handle } },
    });
    socket.socket.close();
  });
});
