import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';
import { record, type Recorder } from '../support/live.js';
import { toGlobalId } from '../../src/graphql/relay.js';

// RELIABILITY row 10: a cap per person too, whatever number of sockets they open.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ MAX_SUBSCRIPTIONS_PER_PERSON: '3', MAX_SUBSCRIPTIONS_PER_SOCKET: '10' });
});
afterAll(() => api.close());

const FEED = `subscription ($since: ID) { feedEvents(since: $since) { id } }`;
const FROM_START = { since: toGlobalId('Event', '0') };

async function settled(recorder: Recorder) {
  // A refused subscription errors at once; give a live one a moment to be accepted.
  await Promise.race([recorder.waitFor(1, 500).catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
}

describe('the per-person cap on live operations', () => {
  it('refuses the next subscription across sockets, leaves others alone, and frees places when they end', async () => {
    const person = await newPerson(api);
    const other = await newPerson(api);
    const open = [record(api.wsUrl, person.token, FEED, FROM_START), record(api.wsUrl, person.token, FEED, FROM_START), record(api.wsUrl, person.token, FEED, FROM_START)];
    for (const r of open) await settled(r);
    expect(api.server.live.streamCount).toBe(3);

    const refused = record(api.wsUrl, person.token, FEED, FROM_START);
    await expect(refused.waitFor(1, 3_000)).rejects.toThrow(/RATE_LIMITED/);
    await refused.close();

    const someoneElse = record(api.wsUrl, other.token, FEED, FROM_START);
    await settled(someoneElse);
    expect(api.server.live.streamCount).toBe(4);

    await open[0]!.close();
    for (let i = 0; i < 50 && api.server.live.streamCount > 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(api.server.live.streamCount).toBe(3);
    const again = record(api.wsUrl, person.token, FEED, FROM_START);
    await settled(again);
    expect(api.server.live.streamCount).toBe(4);
    for (const r of [...open.slice(1), someoneElse, again]) await r.close();
  });
});
