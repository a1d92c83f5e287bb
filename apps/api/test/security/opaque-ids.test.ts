import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { encodeCursor, localIdOf, toGlobalId, type NodeTypeName } from '../../src/graphql/relay.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { letIntroduce, newIntroduction, respond } from '../support/introductions.js';
import { connectedClient, run } from './support/ws.js';

/**
 * Every place that reads an id or a cursor from a client, over real HTTP and
 * WebSocket: anything that is not an id or cursor this server made — garbage,
 * the old readable format, another type's id, a flipped bit, a number past
 * PostgreSQL's bigint, deep nesting, a huge string — answers NOT_FOUND or
 * BAD_USER_INPUT (a cursor: BAD_USER_INPUT on `after`), never an internal
 * error, and stores nothing. A table below lists the places; a check walks
 * the schema so that a new ID argument cannot be left out of it.
 */
let api: TestApi;
let viewer: TestPerson;
let sharer: TestPerson;
let stranger: TestPerson;
let sample: Record<NodeTypeName, string>;

beforeAll(async () => {
  api = await startTestApi();
  [viewer, sharer, stranger] = [await newPerson(api), await newPerson(api), await newPerson(api)];
  const shared = await api.gql(
    `mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`,
    { i: { url: 'https://example.org/essay', title: 'An essay', authorName: 'Outside Writer' } },
    { token: sharer.token },
  );
  // The viewer introduces the sharer and the stranger; both accept: a thread with one message.
  await letIntroduce(api, viewer, sharer, stranger);
  const introduction = await newIntroduction(api, viewer, sharer, stranger);
  await respond(api, sharer, introduction, 'ACCEPT');
  await respond(api, stranger, introduction, 'ACCEPT');
  const message = await api.gql(
    `mutation ($id: ID!) { postIntroductionMessage(introductionId: $id, body: "Hello both") { id } }`,
    { id: introduction },
    { token: viewer.token },
  );
  const notifications = await api.gql(`{ notifications { edges { node { id } } } }`, {}, { token: sharer.token });
  sample = {
    Person: viewer.id,
    Event: shared.data!.shareWork.event.id,
    Share: shared.data!.shareWork.id,
    Introduction: introduction,
    Notification: notifications.data!.notifications.edges[0].node.id,
    IntroductionMessage: message.data!.postIntroductionMessage.id,
  };
});
afterAll(() => api?.close());

const DEEP = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function flipped(text: string, byte: number): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[byte]! ^= 0x10;
  return bytes.toString('base64url');
}

/** Ids that are not ids of `type` this server made, built from a real one. */
function badIds(type: NodeTypeName, options: { zero: boolean }): Record<string, string> {
  const real = sample[type];
  const local = localIdOf(real, type)!;
  return {
    garbage: 'garbage',
    empty: '',
    'another type, same number': toGlobalId(type === 'Person' ? 'Share' : 'Person', local),
    'the old readable format': base64url(`${type}:${local}`),
    'the old format with leading zeros': base64url(`${type}:000${local}`),
    'a leading zero': `0${real}`,
    padded: `${real}==`,
    'the same bytes spelt otherwise': real.slice(0, 21) + BASE64URL[BASE64URL.indexOf(real[21]!) ^ 1],
    'one bit flipped': flipped(real, 9),
    truncated: real.slice(0, 21),
    'past bigint': toGlobalId(type, '9223372036854775808'),
    'the largest 64-bit number': toGlobalId(type, '18446744073709551615'),
    'deep nesting': DEEP,
    'deep nesting, base64url': base64url(DEEP),
    'a JSON object': '{"type":"Person","id":"1"}',
    'very long': 'A'.repeat(50_000),
    ...(options.zero ? { 'number zero': toGlobalId(type, '0') } : {}),
  };
}

/** Cursors this server did not make (or that point nowhere). */
function badCursors(): Record<string, string> {
  return {
    garbage: 'garbage',
    'an id, not a cursor': sample.Event,
    'the old readable format': base64url('["1"]'),
    'the old format, a pair': base64url('["ann","1"]'),
    'the old format, deeply nested': base64url(`${'['.repeat(5_000)}"1"${']'.repeat(5_000)}`),
    'deep nesting': DEEP,
    'one bit flipped': flipped(encodeCursor(['1']), 9),
    'one bit flipped in a long cursor': flipped(encodeCursor(['ann', '1']), 20),
    padded: `${encodeCursor(['1'])}==`,
    'ours, holding no position': encodeCursor(['x']),
    'ours, past bigint': encodeCursor(['9223372036854775808']),
    'very long': 'A'.repeat(50_000),
  };
}

type Place = { query: string; vars?: () => Record<string, unknown> } & (
  | { kind: 'id'; type: NodeTypeName }
  | { kind: 'ids'; type: NodeTypeName }
  | { kind: 'after' }
  | { kind: 'since'; type: NodeTypeName }
);

/** Every argument or input field that reads an id or cursor, keyed as the schema walk names it. `$v` is the bad value. */
const PLACES: Record<string, Place> = {
  'Query.node(id)': { kind: 'id', type: 'Event', query: `query ($v: ID!) { node(id: $v) { id } }` },
  'Query.introduction(id)': { kind: 'id', type: 'Introduction', query: `query ($v: ID!) { introduction(id: $v) { id } }` },
  'Query.ripple(eventId)': { kind: 'id', type: 'Event', query: `query ($v: ID!) { ripple(eventId: $v) { stats { size } } }` },
  'Query.introductionPairCheck(personAId)': {
    kind: 'id',
    type: 'Person',
    query: `query ($v: ID!) { introductionPairCheck(personAId: $v, personBId: $v) { alreadyConnected } }`,
  },
  'Query.introductionPairCheck(personBId)': {
    kind: 'id',
    type: 'Person',
    query: `query ($v: ID!) { introductionPairCheck(personAId: $v, personBId: $v) { alreadyConnected } }`,
  },
  'Query.share(id)': { kind: 'id', type: 'Share', query: `query ($v: ID!) { share(id: $v) { id } }` },
  'Mutation.follow(personId)': { kind: 'id', type: 'Person', query: `mutation ($v: ID!) { follow(personId: $v) { id } }` },
  'Mutation.follow(via)': {
    kind: 'id',
    type: 'Event',
    query: `mutation ($v: ID, $p: ID!) { follow(personId: $p, via: $v) { id } }`,
    vars: () => ({ p: stranger.id }),
  },
  'Mutation.unfollow(personId)': { kind: 'id', type: 'Person', query: `mutation ($v: ID!) { unfollow(personId: $v) { id } }` },
  'Mutation.markNotificationsRead(ids)': { kind: 'ids', type: 'Notification', query: `mutation ($v: ID!) { markNotificationsRead(ids: [$v]) }` },
  'Mutation.postIntroductionMessage(introductionId)': {
    kind: 'id',
    type: 'Introduction',
    query: `mutation ($v: ID!) { postIntroductionMessage(introductionId: $v, body: "hi") { id } }`,
  },
  'Mutation.recordMeeting(introductionId)': {
    kind: 'id',
    type: 'Introduction',
    query: `mutation ($v: ID!) { recordMeeting(introductionId: $v, met: true) { id } }`,
  },
  'Mutation.reshare(shareId)': { kind: 'id', type: 'Share', query: `mutation ($v: ID!) { reshare(shareId: $v) { id } }` },
  'Mutation.respondToIntroduction(introductionId)': {
    kind: 'id',
    type: 'Introduction',
    query: `mutation ($v: ID!) { respondToIntroduction(introductionId: $v, response: ACCEPT) { id } }`,
  },
  'Mutation.thank(shareId)': { kind: 'id', type: 'Share', query: `mutation ($v: ID!) { thank(shareId: $v) { id } }` },
  'Mutation.withdrawIntroduction(introductionId)': {
    kind: 'id',
    type: 'Introduction',
    query: `mutation ($v: ID!) { withdrawIntroduction(introductionId: $v) { id } }`,
  },
  'ProposeIntroductionInput.personAId': {
    kind: 'id',
    type: 'Person',
    query: `mutation ($v: ID!, $b: ID!) { proposeIntroduction(input: { personAId: $v, personBId: $b, reason: "You both garden." }) { id } }`,
    vars: () => ({ b: stranger.id }),
  },
  'ProposeIntroductionInput.personBId': {
    kind: 'id',
    type: 'Person',
    query: `mutation ($v: ID!, $a: ID!) { proposeIntroduction(input: { personAId: $a, personBId: $v, reason: "You both garden." }) { id } }`,
    vars: () => ({ a: stranger.id }),
  },
  'ShareWorkInput.authorId': {
    kind: 'id',
    type: 'Person',
    query: `mutation ($v: ID) { shareWork(input: { url: "https://example.org/a", title: "A", authorId: $v }) { id } }`,
  },
  'ShareWorkInput.mentionIds': {
    kind: 'id',
    type: 'Person',
    query: `mutation ($v: ID!) { shareWork(input: { url: "https://example.org/b", title: "B", authorName: "W", mentionIds: [$v] }) { id } }`,
  },
  'Query.feed(after)': { kind: 'after', query: `query ($v: String) { feed(after: $v) { edges { cursor } } }` },
  'Query.feedItems(after)': { kind: 'after', query: `query ($v: String) { feedItems(after: $v) { edges { cursor } } }` },
  'Query.introductions(after)': { kind: 'after', query: `query ($v: String) { introductions(role: INTRODUCED, after: $v) { edges { cursor } } }` },
  'Query.myRipples(after)': { kind: 'after', query: `query ($v: String) { myRipples(role: IN, after: $v) { edges { cursor } } }` },
  'Query.notifications(after)': { kind: 'after', query: `query ($v: String) { notifications(after: $v) { edges { cursor } } }` },
  'Query.people(after)': { kind: 'after', query: `query ($v: String) { people(after: $v) { edges { cursor } } }` },
  ...Object.fromEntries(
    ['activity', 'followers', 'following', 'ripples', 'shares'].map((list) => [
      `Person.${list}(after)`,
      {
        kind: 'after',
        query: `query ($v: String, $h: String!) { person(handle: $h) { ${list}(after: $v) { edges { cursor } } } }`,
        vars: () => ({ h: sharer.handle }),
      } satisfies Place,
    ]),
  ),
  'Ripple.events(after)': {
    kind: 'after',
    query: `query ($v: String, $e: ID!) { ripple(eventId: $e) { events(after: $v) { edges { cursor } } } }`,
    vars: () => ({ e: sample.Event }),
  },
  'Ripple.people(after)': {
    kind: 'after',
    query: `query ($v: String, $e: ID!) { ripple(eventId: $e) { people(after: $v) { edges { cursor } } } }`,
    vars: () => ({ e: sample.Event }),
  },
  'Introduction.messages(after)': {
    kind: 'after',
    query: `query ($v: String, $i: ID!) { introduction(id: $i) { messages(after: $v) { edges { cursor } } } }`,
    vars: () => ({ i: sample.Introduction }),
  },
  'Subscription.feedEvents(since)': { kind: 'since', type: 'Event', query: `subscription ($v: ID) { feedEvents(since: $v) { id } }` },
  'Subscription.introductionUpdates(since)': {
    kind: 'since',
    type: 'Event',
    query: `subscription ($v: ID) { introductionUpdates(since: $v) { id } }`,
  },
  'Subscription.notificationAdded(since)': {
    kind: 'since',
    type: 'Notification',
    query: `subscription ($v: ID) { notificationAdded(since: $v) { id } }`,
  },
  'Subscription.rippleEvents(eventId)': { kind: 'id', type: 'Event', query: `subscription ($v: ID!) { rippleEvents(eventId: $v) { id } }` },
  'Subscription.rippleEvents(since)': {
    kind: 'since',
    type: 'Event',
    query: `subscription ($v: ID, $e: ID!) { rippleEvents(eventId: $e, since: $v) { id } }`,
    vars: () => ({ e: sample.Event }),
  },
};

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string }[] } }[] | null;
}

function badValues(place: Place): Record<string, string> {
  if (place.kind === 'after') return badCursors();
  // Zero is no row's id; but it is a real `since` ("from the beginning"), and marking no notification read is no error.
  return badIds(place.type, { zero: place.kind === 'id' });
}

function expectRefused(where: string, place: Place, answer: Answer) {
  const [error] = answer.errors ?? [];
  const code = error?.extensions?.code;
  if (place.kind === 'after') {
    expect(code, where).toBe('BAD_USER_INPUT');
    expect(error!.extensions!.fields?.map((f) => f.field), where).toEqual(['after']);
  } else if (place.kind === 'since') {
    expect(code, where).toBe('BAD_USER_INPUT');
    expect(error!.extensions!.fields?.map((f) => f.field), where).toEqual(['since']);
  } else if (place.kind === 'ids') {
    expect(code, where).toBe('BAD_USER_INPUT');
  } else {
    expect(['NOT_FOUND', 'BAD_USER_INPUT'], `${where}: ${code}`).toContain(code);
  }
  expect(JSON.stringify(answer), where).not.toMatch(/INTERNAL_SERVER_ERROR|stack|select |insert /i);
}

const counts = () =>
  api.db(
    `select (select count(*) from event) as events, (select count(*) from share) as shares, (select count(*) from follow) as follows,
            (select count(*) from introduction) as introductions, (select count(*) from introduction_message) as messages,
            (select count(*) from notification where read_at is null) as unread`,
  );

describe('ids and cursors that are not ours', () => {
  it('the table covers every ID argument, ID input field, `after` and `since` in the schema', () => {
    const places: string[] = [];
    for (const type of Object.values(api.server.schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) {
            if (getNamedType(arg.type).name === 'ID' || arg.name === 'after' || arg.name === 'since') {
              places.push(`${type.name}.${field.name}(${arg.name})`);
            }
          }
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (getNamedType(field.type).name === 'ID') places.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(places.sort()).toEqual(Object.keys(PLACES).sort());
  });

  it('over HTTP: NOT_FOUND or BAD_USER_INPUT everywhere, never an internal error, nothing stored', async () => {
    const before = await counts();
    for (const [name, place] of Object.entries(PLACES)) {
      if (place.query.startsWith('subscription')) continue; // subscriptions run over WebSocket
      const values = Object.entries(badValues(place));
      const answers = await Promise.all(values.map(([, value]) => api.gql(place.query, { ...place.vars?.(), v: value }, { token: viewer.token })));
      answers.forEach((res, i) => {
        expect(res.status, `${name} ← ${values[i]![0]}`).toBeLessThan(500);
        expectRefused(`${name} ← ${values[i]![0]}`, place, res);
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('over WebSocket: the same answers, subscriptions included (`since`, `eventId`)', async () => {
    const before = await counts();
    const client = await connectedClient(api, { token: viewer.token });
    try {
      for (const [name, place] of Object.entries(PLACES)) {
        // At once, within the per-socket cap of 20 operations.
        const values = Object.entries(badValues(place));
        const outcomes = await Promise.all(values.map(([, value]) => run(client, place.query, { ...place.vars?.(), v: value })));
        outcomes.forEach((outcome, i) => {
          const answer: Answer = outcome.errors ? { errors: outcome.errors } : (outcome.nexts[0] ?? {});
          expect(outcome.closeCode, `${name} ← ${values[i]![0]}`).toBeNull();
          expectRefused(`${name} ← ${values[i]![0]}`, place, answer);
        });
      }
    } finally {
      await client.dispose();
    }
    expect(await counts()).toEqual(before);
  });

  it('a thread message’s id is opaque too (it was its raw sequence number, counting every thread’s messages)', async () => {
    const [row] = await api.db<{ id: string }>(`select id from introduction_message`);
    expect(sample.IntroductionMessage).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(localIdOf(sample.IntroductionMessage, 'IntroductionMessage')).toBe(String(row!.id));
    const thread = await api.gql(`query ($i: ID!) { introduction(id: $i) { messages { edges { node { id } } } } }`, { i: sample.Introduction }, { token: sharer.token });
    expect(thread.data!.introduction.messages.edges).toEqual([{ node: { id: sample.IntroductionMessage } }]);
  });

    it('the good ones still work: each sample id finds its object, and `since` zero replays from the beginning', async () => {
    const node = await api.gql(`query ($v: ID!) { node(id: $v) { id } }`, { v: sample.Share }, { token: viewer.token });
    expect(node.data).toEqual({ node: { id: sample.Share } });
    const client = await connectedClient(api, { token: viewer.token });
    try {
      const replay = client.iterate({ query: `subscription ($v: ID) { feedEvents(since: $v) { id } }`, variables: { v: toGlobalId('Event', '0') } });
      const first = await replay.next();
      expect(first.value).toEqual({ data: { feedEvents: { id: sample.Event } } });
      await replay.return?.();
    } finally {
      await client.dispose();
    }
  });
});

/**
 * RELIABILITY row 26. A member sees the ids and cursors of their own acts.
 * With readable sequence numbers, two acts in a row one apart mean nothing
 * happened in between, and two apart mean somebody did something the member
 * may not see (here: the other person declining an introduction). Without
 * the key, nothing of the kind can be read: the test looks only at what the
 * member receives, never decodes, and compares a pair of acts with nothing
 * in between to a pair with a hidden decline in between.
 */
describe('counting what you cannot see (row 26)', () => {
  const ACTIVITY = `query ($h: String!) { person(handle: $h) { activity(first: 10) { edges { cursor node { id kind } } } } }`;
  const follow = (who: TestPerson, whom: TestPerson) =>
    api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: whom.id }, { token: who.token });

  /** What anyone could compute from two strings without the key. */
  function relation(first: string, second: string) {
    const [x, y] = [Buffer.from(first, 'base64url'), Buffer.from(second, 'base64url')];
    const asNumber = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);
    const difference = asNumber(y) - asNumber(x);
    let prefix = 0;
    while (prefix < first.length && first[prefix] === second[prefix]) prefix++;
    let bitsApart = 0;
    for (let i = 0; i < Math.max(x.length, y.length); i++) for (let b = (x[i] ?? 0) ^ (y[i] ?? 0); b; b >>= 1) bitsApart += b & 1;
    return {
      lengths: [first.length, second.length],
      // A sequence in any readable or XOR-masked form: close as numbers, a long shared prefix, few differing bits.
      closeAsNumbers: difference > -(2n ** 64n) && difference < 2n ** 64n,
      longSharedPrefix: prefix >= 8,
      fewBitsApart: bitsApart < 24,
    };
  }

  it('a member’s consecutive ids and cursors look the same whether or not a hidden decline happened in between', async () => {
    const [connector, a, b] = [await newPerson(api), await newPerson(api), await newPerson(api)];
    const targets = [await newPerson(api), await newPerson(api), await newPerson(api), await newPerson(api)];
    await letIntroduce(api, connector!, a!, b!);
    const introduction = await newIntroduction(api, connector!, a!, b!);

    await follow(a, targets[0]!); // quiet pair: nothing in between
    await follow(a, targets[1]!);
    await follow(a, targets[2]!); // the same, with B's decline in between
    const declined = await respond(api, b, introduction, 'DECLINE');
    expect(declined.errors).toBeUndefined();
    await follow(a, targets[3]!);

    const seen = await api.gql(ACTIVITY, { h: a.handle }, { token: a.token });
    const edges = (seen.data!.person.activity.edges as { cursor: string; node: { id: string; kind: string } }[])
      .filter((e) => e.node.kind === 'FOLLOWED')
      .reverse()
      .slice(-4); // the four follows above (A first followed the connector, to be introduced)
    expect(edges).toHaveLength(4);

    // The scenario holds: one apart in the quiet pair, more in the other (read from the database, not from the ids).
    const sequence = await api.db<{ id: string }>(`select id from event where actor_id = ? and kind = 'FOLLOWED' order by id`, [localIdOf(a.id, 'Person')]);
    const numbers = sequence.map((row) => BigInt(row.id)).slice(-4);
    // Underneath, local ids are commit-ordered (made from transaction ids), so
    // they grow with every transaction, hidden ones included: only the
    // global ids below stand between a member and that count.
    expect(numbers[1]! > numbers[0]!).toBe(true);
    expect(numbers[3]! > numbers[2]!).toBe(true);

    const nothingBetween = [edges[0]!, edges[1]!];
    const declineBetween = [edges[2]!, edges[3]!];
    const noRelation = { lengths: [22, 22], closeAsNumbers: false, longSharedPrefix: false, fewBitsApart: false };
    for (const [first, second] of [nothingBetween, declineBetween]) {
      expect(relation(first!.node.id, second!.node.id)).toEqual(noRelation);
      expect(relation(first!.cursor, second!.cursor)).toEqual(noRelation);
    }

    // Nor does any id or cursor hold a sequence number as plain bytes (as an unencrypted binary format would).
    const bytes = edges.flatMap((e) => [Buffer.from(e.node.id, 'base64url'), Buffer.from(e.cursor, 'base64url')]);
    for (const number of numbers) {
      const big = Buffer.alloc(8);
      big.writeBigUInt64BE(number);
      for (const b of bytes) expect(b.includes(big)).toBe(false);
    }
  });
});
