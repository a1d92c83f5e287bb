import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { fromGlobalId, toGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const SHARE = `id url title note isReshare createdAt
  sharer { id handle }
  author { person { id handle } name handle url }
  mentions { id }
  resharedFrom { id }
  original { id }
  reshareCount thanksCount viewerThanked rippleSize
  event { id kind depth }`;

const SHARE_WORK = `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { ${SHARE} } }`;
const RESHARE = `mutation ($id: ID!, $note: String, $key: String) { reshare(shareId: $id, note: $note, idempotencyKey: $key) { ${SHARE} } }`;
const THANK = `mutation ($id: ID!) { thank(shareId: $id) { id thanksCount viewerThanked } }`;

const local = (globalId: string) => fromGlobalId(globalId)!.id;

function shareWork(who: TestPerson, input: Record<string, unknown>) {
  return api.gql(SHARE_WORK, { input }, { token: who.token });
}
/** A valid share of an outside author's work, with overrides. */
function work(overrides: Record<string, unknown> = {}) {
  return {
    url: 'https://example.com/awkward-moments',
    title: 'Awkward Moments Experiment',
    note: 'The best thing I read this week on why small talk matters.',
    authorName: 'Kai Writer',
    ...overrides,
  };
}
async function shared(who: TestPerson, input: Record<string, unknown> = work()) {
  const res = await shareWork(who, input);
  expect(res.errors).toBeUndefined();
  return res.data!.shareWork;
}
const count = async (sql: string, params: unknown[] = []) => (await api.db<{ n: number }>(sql, params))[0]!.n;

describe('shareWork', () => {
  it('shares work by an outside author and shows it with its credit', async () => {
    const sarah = await newPerson(api);
    const share = await shared(sarah, work({ authorHandle: '@kai@writers.social', authorUrl: 'https://kai.example' }));
    expect(share).toMatchObject({
      url: 'https://example.com/awkward-moments',
      title: 'Awkward Moments Experiment',
      isReshare: false,
      sharer: { id: sarah.id },
      author: { person: null, name: 'Kai Writer', handle: '@kai@writers.social', url: 'https://kai.example' },
      mentions: [],
      resharedFrom: null,
      reshareCount: 0,
      thanksCount: 0,
      viewerThanked: false,
      rippleSize: 1,
      event: { kind: 'SHARED', depth: 0 },
    });
    expect(share.original.id).toBe(share.id);
  });

  it('credits a member author and mentions members', async () => {
    const [sarah, writer, julien, chris] = await Promise.all([1, 2, 3, 4].map(() => newPerson(api)));
    const share = await shared(sarah, work({ authorName: null, authorId: writer.id, mentionIds: [julien.id, chris.id, julien.id] }));
    expect(share.author).toEqual({ person: { id: writer.id, handle: writer.handle }, name: writer.name, handle: null, url: null });
    expect(share.mentions.map((m: any) => m.id).sort()).toEqual([julien.id, chris.id].sort());
    // the share and one MENTIONED per (distinct) person
    expect(share.rippleSize).toBe(3);
  });

  it('writes a share with its mentions, events and notices in one statement, however many it mentions', async () => {
    const [sarah, writer, julien, chris] = await Promise.all([1, 2, 3, 4].map(() => newPerson(api)));
    await shared(sarah); // the session is read once and then cached: count only the act
    const before = api.sql.length;
    const res = await api.gql(
      `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
      { input: work({ authorName: null, authorId: writer.id, mentionIds: [writer.id, julien.id, chris.id] }) },
      { token: sarah.token },
    );
    expect(res.errors).toBeUndefined();
    // one read (how Sarah found the writer: the ripple it continues) and one write
    const statements = (since: number) => api.sql.slice(since);
    const first = statements(before);
    expect(first).toHaveLength(2);
    // an outside author's work continues no ripple: the write alone
    const outside = api.sql.length;
    const second = await api.gql(
      `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
      { input: work({ mentionIds: [julien.id, chris.id] }) },
      { token: sarah.token },
    );
    expect(second.errors).toBeUndefined();
    expect(statements(outside)).toHaveLength(1);
    // and it is the same text whatever the share mentions, so each connection prepares it once
    expect(statements(outside)[0]).toBe(first[1]);
    const id = local(res.data!.shareWork.id);
    const events = await api.db<{ kind: string; subject_person_id: string; depth: number }>(
      `select kind, subject_person_id::text, depth from event where subject_share_id = ? order by id`,
      [id],
    );
    expect(events).toEqual([
      { kind: 'SHARED', subject_person_id: local(writer.id), depth: 0 },
      ...[writer, julien, chris].map((p) => ({ kind: 'MENTIONED', subject_person_id: local(p.id), depth: 1 })),
    ]);
    // the writer hears once, of the credit; each other person mentioned hears of the mention
    const notices = await api.db<{ recipient_id: string; kind: string }>(
      `select recipient_id::text, kind from notification where share_id = ? order by kind, recipient_id`,
      [id],
    );
    expect(notices).toEqual(
      [
        { recipient_id: local(writer.id), kind: 'SHARE_CREDITED' },
        ...[julien, chris].map((p) => ({ recipient_id: local(p.id), kind: 'SHARE_MENTIONED' })),
      ].sort((a, b) => a.kind.localeCompare(b.kind) || a.recipient_id.localeCompare(b.recipient_id)),
    );
  });

  it('reshares with one read of the share and a one-statement write, the same text for every reshare', async () => {
    const [sarah, julien] = await Promise.all([1, 2].map(() => newPerson(api)));
    const [original, another] = [await shared(sarah), await shared(sarah)];
    // Julien acts once first (his session is then cached: count only the act)
    const warm = await api.gql(`{ viewer { id } }`, {}, { token: julien.token });
    expect(warm.errors).toBeUndefined();
    const reshareOf = async (id: string, note: string) => {
      const before = api.sql.length;
      const res = await api.gql(`mutation ($id: ID!, $note: String) { reshare(shareId: $id, note: $note) { id } }`, { id, note }, { token: julien.token });
      expect(res.errors).toBeUndefined();
      return api.sql.slice(before);
    };
    const first = await reshareOf(original.id, 'Read this');
    expect(first).toHaveLength(2);
    expect(first[1]).toMatch(/^with new_share as/);
    // A prepared text: whatever the reshare says, the statement is the same.
    const second = await reshareOf(another.id, 'And this, for other reasons');
    expect(second).toHaveLength(2);
    expect(second[1]).toBe(first[1]);
    // and Sarah hears of it, about her share
    const [notice] = await api.db<{ kind: string; share_id: string }>(
      `select kind, share_id::text from notification where recipient_id = ? and kind = 'SHARE_RESHARED' and share_id = ?`,
      [local(sarah.id), local(original.id)],
    );
    expect(notice).toEqual({ kind: 'SHARE_RESHARED', share_id: local(original.id) });
  });

  it('trims text and accepts an empty note', async () => {
    const ana = await newPerson(api);
    const share = await shared(ana, work({ title: '  Spaced  ', note: null, authorName: '  Kai  ', authorHandle: '  ' }));
    expect(share).toMatchObject({ title: 'Spaced', note: '', author: { name: 'Kai', handle: null } });
  });

  it('answers BAD_USER_INPUT naming each bad field, and stores nothing', async () => {
    const ana = await newPerson(api);
    const other = await newPerson(api);
    const before = await count(`select count(*)::int as n from share`);
    const cases: [Record<string, unknown>, string[]][] = [
      [work({ url: 'ftp://example.com/x' }), ['url']],
      [work({ url: 'not a url' }), ['url']],
      [work({ url: `https://example.com/${'a'.repeat(2048)}` }), ['url']],
      [work({ title: '   ' }), ['title']],
      [work({ title: 'x'.repeat(201) }), ['title']],
      [work({ note: 'x'.repeat(2001) }), ['note']],
      [work({ authorName: 'x'.repeat(81) }), ['authorName']],
      [work({ authorHandle: 'x'.repeat(81) }), ['authorHandle']],
      [work({ authorUrl: 'javascript:alert(1)' }), ['authorUrl']],
      [work({ authorName: null }), ['authorId', 'authorName']],
      [work({ authorId: other.id }), ['authorId', 'authorName']],
      [work({ authorName: null, authorId: other.id, authorUrl: 'https://x.example' }), ['authorUrl']],
      [work({ mentionIds: Array.from({ length: 21 }, () => other.id) }), ['mentionIds']],
      [work({ idempotencyKey: 'k'.repeat(101) }), ['idempotencyKey']],
      [work({ mentionIds: [other.id, ana.id] }), ['mentionIds.1']],
      [work({ title: '', url: 'nope' }), ['url', 'title']],
    ];
    for (const [input, fields] of cases) {
      const res = await shareWork(ana, input);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input).slice(0, 200)).toBe('BAD_USER_INPUT');
      const named = (res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field);
      expect(named.sort()).toEqual([...fields].sort());
      expect(res.data).toBeNull();
    }
    expect(await count(`select count(*)::int as n from share`)).toBe(before);
  });

  it('answers NOT_FOUND for an author or mention who is not a member, and stores nothing', async () => {
    const ana = await newPerson(api);
    const ben = await newPerson(api);
    const ghost = toGlobalId('Person', '987654321');
    const eventsBefore = await count(`select count(*)::int as n from event`);
    for (const input of [
      work({ authorName: null, authorId: ghost }),
      work({ authorName: null, authorId: 'garbage' }),
      work({ mentionIds: [ben.id, ghost] }),
      work({ mentionIds: [toGlobalId('Share', local(ben.id))] }),
    ]) {
      const res = await shareWork(ana, input);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await count(`select count(*)::int as n from share where sharer_id = ?`, [local(ana.id)])).toBe(0);
    expect(await count(`select count(*)::int as n from event`)).toBe(eventsBefore);
  });

  it('needs a signed-in member', async () => {
    const res = await api.gql(SHARE_WORK, { input: work() });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('idempotency', () => {
  it('the same key replayed returns the first share and stores nothing new', async () => {
    const ana = await newPerson(api);
    const input = work({ idempotencyKey: 'share-1' });
    const first = await shared(ana, input);
    const again = await shared(ana, { ...input, title: '  Awkward Moments Experiment ' }); // the same once normalised
    expect(again.id).toBe(first.id);
    expect(await count(`select count(*)::int as n from share where sharer_id = ?`, [local(ana.id)])).toBe(1);
    expect(await count(`select count(*)::int as n from event where kind = 'SHARED' and actor_id = ?`, [local(ana.id)])).toBe(1);
  });

  it('the same key with a different request is a CONFLICT', async () => {
    const ana = await newPerson(api);
    await shared(ana, work({ idempotencyKey: 'k' }));
    const res = await shareWork(ana, work({ idempotencyKey: 'k', title: 'Something else' }));
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'was already used for a different request' }]);
    expect(await count(`select count(*)::int as n from share where sharer_id = ?`, [local(ana.id)])).toBe(1);
  });

  it('keys belong to their sharer: two people may use the same key', async () => {
    const [ana, ben] = await Promise.all([newPerson(api), newPerson(api)]);
    const a = await shared(ana, work({ idempotencyKey: 'same' }));
    const b = await shared(ben, work({ idempotencyKey: 'same' }));
    expect(a.id).not.toBe(b.id);
  });

  it('a double submit fired concurrently stores one share and one event', async () => {
    const [ana, ben] = await Promise.all([newPerson(api), newPerson(api)]);
    const input = work({ idempotencyKey: 'double-click', mentionIds: [ben.id] });
    const results = await Promise.all(Array.from({ length: 6 }, () => shareWork(ana, input)));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data!.shareWork.id)).size).toBe(1);
    const who = [local(ana.id)];
    expect(await count(`select count(*)::int as n from share where sharer_id = ?`, who)).toBe(1);
    expect(await count(`select count(*)::int as n from event where actor_id = ? and kind = 'SHARED'`, who)).toBe(1);
    expect(await count(`select count(*)::int as n from event where actor_id = ? and kind = 'MENTIONED'`, who)).toBe(1);
    expect(await count(`select count(*)::int as n from notification where recipient_id = ?`, [local(ben.id)])).toBe(1);
  });

  it('a reshare replayed with its key returns the first reshare; another note with that key is a CONFLICT', async () => {
    const [ana, ben] = await Promise.all([newPerson(api), newPerson(api)]);
    const original = await shared(ana);
    const reshare = (note: string) => api.gql(RESHARE, { id: original.id, note, key: 'r1' }, { token: ben.token });
    const first = await reshare('worth it');
    const again = await reshare('worth it');
    expect(again.data?.reshare.id).toBe(first.data?.reshare.id);
    const other = await reshare('changed my mind');
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // a shareWork with a key already used by a reshare is a different request too
    expect((await shareWork(ben, work({ idempotencyKey: 'r1' }))).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count(`select count(*)::int as n from share where sharer_id = ?`, [local(ben.id)])).toBe(1);
  });
});

describe('reshare', () => {
  it('a reshare of a reshare points at both, and counts toward the original', async () => {
    const [sarah, julien, chris] = await Promise.all([1, 2, 3].map(() => newPerson(api)));
    const original = await shared(sarah);
    const r1 = (await api.gql(RESHARE, { id: original.id, note: 'Same point as mine!' }, { token: julien.token })).data!.reshare;
    const r2 = (await api.gql(RESHARE, { id: r1.id }, { token: chris.token })).data!.reshare;
    expect(r1).toMatchObject({
      isReshare: true,
      url: original.url,
      title: original.title,
      note: 'Same point as mine!',
      sharer: { id: julien.id },
      author: { name: 'Kai Writer' },
      resharedFrom: { id: original.id },
      original: { id: original.id },
      event: { kind: 'RESHARED', depth: 1 },
    });
    expect(r2).toMatchObject({
      note: '',
      resharedFrom: { id: r1.id },
      original: { id: original.id },
      reshareCount: 2,
      event: { kind: 'RESHARED', depth: 2 },
    });
    const again = await api.gql(`query ($id: ID!) { share(id: $id) { reshareCount rippleSize } }`, { id: original.id }, { token: sarah.token });
    expect(again.data?.share).toEqual({ reshareCount: 2, rippleSize: 3 });
    const stored = await api.db(`select id, reshare_of_id, original_id from share where original_id = ? order by id`, [local(original.id)]);
    expect(stored.map((s) => [String(s.reshare_of_id), String(s.original_id)])).toEqual([
      ['null', local(original.id)],
      [local(original.id), local(original.id)],
      [local(r1.id), local(original.id)],
    ]);
  });

  it('refuses to reshare your own share, or a reshare of your own original', async () => {
    const [sarah, julien] = await Promise.all([newPerson(api), newPerson(api)]);
    const original = await shared(sarah);
    const own = await api.gql(RESHARE, { id: original.id }, { token: sarah.token });
    expect(own.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const r1 = (await api.gql(RESHARE, { id: original.id }, { token: julien.token })).data!.reshare;
    const back = await api.gql(RESHARE, { id: r1.id }, { token: sarah.token });
    expect(back.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ownReshare = await api.gql(RESHARE, { id: r1.id }, { token: julien.token });
    expect(ownReshare.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count(`select count(*)::int as n from share where original_id = ?`, [local(original.id)])).toBe(2);
  });

  it('answers NOT_FOUND for a missing share and BAD_USER_INPUT for a note too long', async () => {
    const [sarah, julien] = await Promise.all([newPerson(api), newPerson(api)]);
    const original = await shared(sarah);
    for (const id of [toGlobalId('Share', '99999999'), sarah.id, 'garbage']) {
      const res = await api.gql(RESHARE, { id }, { token: julien.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const long = await api.gql(RESHARE, { id: original.id, note: 'x'.repeat(2001) }, { token: julien.token });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
  });
});

describe('thank', () => {
  it('thanks once per person; thanking again changes nothing', async () => {
    const [sarah, julien, chris] = await Promise.all([1, 2, 3].map(() => newPerson(api)));
    const share = await shared(sarah);
    const first = await api.gql(THANK, { id: share.id }, { token: julien.token });
    expect(first.data?.thank).toEqual({ id: share.id, thanksCount: 1, viewerThanked: true });
    const results = await Promise.all([1, 2, 3].map(() => api.gql(THANK, { id: share.id }, { token: chris.token })));
    for (const r of results) expect(r.data?.thank).toMatchObject({ thanksCount: 2, viewerThanked: true });
    expect(await count(`select count(*)::int as n from event where kind = 'THANKED' and subject_share_id = ?`, [local(share.id)])).toBe(2);
    const sarahSees = await api.gql(`query ($id: ID!) { share(id: $id) { thanksCount viewerThanked } }`, { id: share.id }, { token: sarah.token });
    expect(sarahSees.data?.share).toEqual({ thanksCount: 2, viewerThanked: false });
  });

  it('refuses to thank yourself, and answers NOT_FOUND for a missing share', async () => {
    const sarah = await newPerson(api);
    const share = await shared(sarah);
    const own = await api.gql(THANK, { id: share.id }, { token: sarah.token });
    expect(own.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'shareId' }] });
    const missing = await api.gql(THANK, { id: toGlobalId('Share', '424242') }, { token: sarah.token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await count(`select count(*)::int as n from share_thanks where share_id = ?`, [local(share.id)])).toBe(0);
  });
});

describe('reading shares', () => {
  it('share(id) and node(id) find a share; a bad id is NOT_FOUND', async () => {
    const sarah = await newPerson(api);
    const share = await shared(sarah);
    const res = await api.gql(
      `query ($id: ID!) { share(id: $id) { id title } node(id: $id) { id ... on Share { title sharer { id } } } }`,
      { id: share.id },
      { token: sarah.token },
    );
    expect(res.data).toEqual({
      share: { id: share.id, title: share.title },
      node: { id: share.id, title: share.title, sharer: { id: sarah.id } },
    });
    for (const id of [toGlobalId('Share', '77777777'), sarah.id, 'garbage']) {
      const missing = await api.gql(`query ($id: ID!) { share(id: $id) { id } }`, { id }, { token: sarah.token });
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // A public share, as node(id) reads it (test/public-shares.test.ts has the rest).
    const signedOut = await api.gql(`query ($id: ID!) { share(id: $id) { id } }`, { id: share.id });
    expect(signedOut.data?.share).toEqual({ id: share.id });
  });

  it('an event knows its share: Event.share', async () => {
    const [sarah, julien] = await Promise.all([newPerson(api), newPerson(api)]);
    const share = await shared(sarah, work({ mentionIds: [julien.id] }));
    const res = await api.gql(
      `query ($id: ID!) { node(id: $id) { ... on Event { kind share { id title } } } }`,
      { id: share.event.id },
      { token: julien.token },
    );
    expect(res.data?.node).toEqual({ kind: 'SHARED', share: { id: share.id, title: share.title } });
    const activity = await api.gql(
      `query ($h: String!) { person(handle: $h) { activity { edges { node { kind share { id } } } } } }`,
      { h: sarah.handle },
      { token: julien.token },
    );
    const kinds = activity.data?.person.activity.edges.map((e: any) => [e.node.kind, e.node.share?.id ?? null]);
    expect(kinds).toEqual([
      ['MENTIONED', share.id],
      ['SHARED', share.id],
      ['JOINED', null],
    ]);
  });
});

describe('the feed', () => {
  it('lists every share and reshare newest first, page by page, with no gaps or repeats', async () => {
    const [sarah, julien] = await Promise.all([newPerson(api), newPerson(api)]);
    const mine: string[] = [];
    for (let i = 0; i < 4; i++) mine.push((await shared(sarah, work({ title: `Piece ${i}` }))).id);
    const reshare = (await api.gql(RESHARE, { id: mine[1] }, { token: julien.token })).data!.reshare.id;
    mine.push(reshare);

    const all = await api.db<{ id: string }>(`select s.id from share s order by s.event_id desc`);
    const expected = all.map((s) => toGlobalId('Share', String(s.id)));
    expect(expected.slice(0, 5)).toEqual([...mine].reverse());

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: any = await api.gql(
        `query ($after: String) { feed(first: 3, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
        { token: julien.token },
      );
      expect(res.errors).toBeUndefined();
      const conn = res.data.feed;
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('shows each item with its people and counts', async () => {
    const [sarah, writer, julien, chris] = await Promise.all([1, 2, 3, 4].map(() => newPerson(api)));
    const original = await shared(sarah, work({ authorName: null, authorId: writer.id, mentionIds: [julien.id] }));
    const r1 = (await api.gql(RESHARE, { id: original.id, note: 'yes' }, { token: julien.token })).data!.reshare;
    await api.gql(THANK, { id: original.id }, { token: chris.token });
    await api.gql(THANK, { id: r1.id }, { token: chris.token });
    await api.gql(THANK, { id: r1.id }, { token: sarah.token });
    const res = await api.gql(`{ feed(first: 2) { edges { node { ${SHARE} } } } }`, {}, { token: chris.token });
    const [top, next] = res.data?.feed.edges.map((e: any) => e.node);
    expect(top).toMatchObject({
      id: r1.id,
      sharer: { id: julien.id },
      author: { person: { id: writer.id } },
      mentions: [],
      resharedFrom: { id: original.id },
      original: { id: original.id },
      reshareCount: 1,
      thanksCount: 2,
      viewerThanked: true,
      // the original's ripple: SHARED, MENTIONED, RESHARED, THANKED ×3
      rippleSize: 6,
      event: { kind: 'RESHARED' },
    });
    expect(next).toMatchObject({
      id: original.id,
      mentions: [{ id: julien.id }],
      resharedFrom: null,
      reshareCount: 1,
      thanksCount: 1,
      viewerThanked: true,
      rippleSize: 6,
    });
  });

  it('rejects a cursor that is not one of its own', async () => {
    const ana = await newPerson(api);
    const res = await api.gql(`{ feed(after: "bm9wZQ") { edges { cursor } } }`, {}, { token: ana.token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Signed out the feed is readable (public shares, for feed readers), and the same cursor is refused.
    const signedOut = await api.gql(`{ feed(after: "bm9wZQ") { edges { cursor } } }`);
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
