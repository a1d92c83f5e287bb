import { print, type DefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { follow, newPerson, type TestPerson } from './support/factories.js';
import { FeedItemsDocument } from '../../../packages/schema/src/generated/graphql.js';

/**
 * The grouped feed (issues 9 and 10): a piece of work appears once, with who
 * reshared it lately, and rises again with each reshare; the web app's own
 * query costs the same few statements whatever the page size, and shows
 * exactly what the per-field resolvers would.
 */

// The web app's home-page document, as it sends it (its fragments included).
const WEB_FEED = print(FeedItemsDocument);
/** The same card fields for one share alone, through the ordinary loaders. */
const fragments = (FeedItemsDocument.definitions as readonly DefinitionNode[]).filter(
  (d) => d.kind === 'FragmentDefinition' && d.name.value !== 'FeedItemCard',
);
const ONE_SHARE = `query One($id: ID!) { node(id: $id) { ...FeedShare ...FeedReshare } }\n${fragments.map((d) => print(d)).join('\n')}`;

let api: TestApi;
let people: TestPerson[];
let viewer: TestPerson;

const shareWork = async (sharer: TestPerson, title: string, extra: Record<string, unknown> = {}) => {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`,
    { input: { url: `https://example.com/${encodeURIComponent(title)}`, title, note: `why ${title}`, authorName: 'Outside Writer', ...extra } },
    { token: sharer.token },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.shareWork as { id: string; event: { id: string } };
};
const reshare = async (who: TestPerson, shareId: string, note: string | null = null) => {
  const res = await api.gql(`mutation ($id: ID!, $note: String) { reshare(shareId: $id, note: $note) { id } }`, { id: shareId, note }, { token: who.token });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.reshare.id as string;
};
const items = async (first: number, after: string | null = null, token = viewer.token) => {
  const res = await api.gql(
    `query ($first: Int, $after: String) { feedItems(first: $first, after: $after) {
       edges { cursor node { resharerCount activeAt share { id title } latestReshares { id note sharer { name } } } }
       pageInfo { hasNextPage endCursor } } }`,
    { first, after },
    { token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.feedItems;
};

beforeAll(async () => {
  api = await startTestApi();
  viewer = await newPerson(api, { name: 'Vera Viewer' });
  people = [];
  for (const name of ['Ada Author', 'Ben Resharer', 'Cleo Resharer', 'Dev Resharer', 'Eli Resharer']) people.push(await newPerson(api, { name }));
});
afterAll(() => api?.close());

describe('the grouped feed', () => {
  it('shows a piece of work once, with its latest resharers (one each, newest first), and a reshare brings it back to the top', async () => {
    const [ada, ben, cleo, dev, eli] = people as [TestPerson, TestPerson, TestPerson, TestPerson, TestPerson];
    const first = await shareWork(ada, 'First work');
    const second = await shareWork(ada, 'Second work');
    expect((await items(2)).edges.map((e: any) => e.node.share.title)).toEqual(['Second work', 'First work']);

    const benReshare = await reshare(ben, first.id, 'Ben says read it');
    await reshare(cleo, benReshare, 'Cleo via Ben'); // a reshare of a reshare joins the same item
    await reshare(dev, first.id);
    await reshare(eli, first.id, 'Eli too');
    await reshare(ben, first.id, 'Ben again'); // Ben's latest reshare stands for Ben

    const page = await items(10);
    const titles = page.edges.map((e: any) => e.node.share.title);
    expect(titles.filter((t: string) => t === 'First work')).toHaveLength(1);
    expect(titles.slice(0, 2)).toEqual(['First work', 'Second work']);
    const item = page.edges[0].node;
    expect(item.share.id).toBe(first.id);
    expect(item.resharerCount).toBe(4);
    expect(item.latestReshares.map((r: any) => [r.sharer.name, r.note])).toEqual([
      ['Ben Resharer', 'Ben again'],
      ['Eli Resharer', 'Eli too'],
      ['Dev Resharer', ''],
    ]);
    expect(Date.parse(item.activeAt)).toBeGreaterThan(Date.parse(page.edges[1].node.activeAt));

    // The share itself names who reshared it, latest first, each once (its own page shows this).
    const alone = await api.gql(`query ($id: ID!) { node(id: $id) { ... on Share { resharerCount latestResharers { name } } } }`, { id: first.id });
    expect(alone.data!.node).toEqual({
      resharerCount: 4,
      latestResharers: ['Ben Resharer', 'Eli Resharer', 'Dev Resharer', 'Cleo Resharer'].map((name) => ({ name })),
    });

    // Paging by activity: one item per page, nothing twice, nothing missed.
    const one = await items(1);
    const two = await items(1, one.pageInfo.endCursor);
    expect([one.edges[0].node.share.title, two.edges[0].node.share.title]).toEqual(['First work', 'Second work']);
    expect(two.pageInfo.hasNextPage).toBe(false);
    void second;
  });

  it('is readable signed out (every share is public), with no viewer-specific state', async () => {
    const res = await api.gql(`{ feedItems(first: 5) { edges { node { share { title viewerThanked viewerReshared } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.feedItems.edges.map((e: any) => e.node.share);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.viewerThanked === false && n.viewerReshared === false)).toBe(true);
  });

  it("the web app's feed page costs at most 4 statements, the same for 20 items as for 100", async () => {
    // Enough items for 100, each with mentions, member authors, thanks, follows and reshares.
    const [ada, ben, cleo] = people as [TestPerson, TestPerson, TestPerson];
    for (let i = 0; i < 105; i++) {
      const sharer = people[i % people.length]!;
      const author = people[(i + 1) % people.length]!;
      const shared = await shareWork(sharer, `Bulk ${i}`, {
        ...(i % 2 ? { authorId: author.id, authorName: undefined } : {}),
        mentionIds: [people[(i + 2) % people.length]!.id, viewer.id],
      });
      if (i % 3 === 0) await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: shared.id }, { token: viewer.token });
      if (i % 4 === 0) await reshare(sharer === ben ? cleo : ben, shared.id, `note ${i}`);
      if (i % 10 === 0) await reshare(viewer, shared.id);
    }
    await follow(api, viewer, ada);

    const cost = async (first: number) => {
      await api.gql(`{ viewer { id } }`, {}, { token: viewer.token }); // the session, warm as in the web app
      api.resetSqlLog();
      const res = await api.gql(WEB_FEED, { first }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.feedItems.edges).toHaveLength(first);
      return api.sql.length;
    };
    const twenty = await cost(20);
    const hundred = await cost(100);
    expect(hundred).toBe(twenty);
    expect(twenty).toBeLessThanOrEqual(4);
  });

  it('shows on every card exactly what the per-field resolvers show for that share', async () => {
    const page = await api.gql(WEB_FEED, { first: 40 }, { token: viewer.token });
    expect(page.errors).toBeUndefined();
    const cards = page.data!.feedItems.edges.map((e: any) => e.node);
    expect(cards.some((c: any) => c.share.thanksCount > 0 && c.share.viewerThanked && c.share.mentions.length === 2)).toBe(true);
    expect(cards.some((c: any) => c.share.reshareCount > 0 && c.share.rippleSize > 1)).toBe(true);
    expect(cards.some((c: any) => c.share.author.person?.viewerFollows)).toBe(true);
    for (const card of cards) {
      // Each share alone, through the ordinary loaders (nothing primed).
      const alone = await api.gql(ONE_SHARE, { id: card.share.id }, { token: viewer.token });
      expect(alone.errors).toBeUndefined();
      const { note: _n, ...original } = alone.data!.node;
      expect({ ...card.share }).toMatchObject(original);
      for (const reshare of card.latestReshares) {
        const r = await api.gql(ONE_SHARE, { id: reshare.id }, { token: viewer.token });
        expect(r.data!.node).toMatchObject(reshare);
      }
    }
  });
});
