import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson } from './support/factories.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('a person’s card lists their shares and the ripples they started', () => {
  it('shows only that person’s shares, newest first, and only ripples with an effect', async () => {
    const [sarah, julien, reader] = [await newPerson(api), await newPerson(api), await newPerson(api)];
    const share = async (who: typeof sarah, title: string) =>
      (
        await api.gql(
          `mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`,
          { i: { url: 'https://example.org/x', title, authorName: 'Someone' } },
          { token: who.token },
        )
      ).data!.shareWork;
    const first = await share(sarah, 'first');
    await share(julien, 'not hers');
    await share(sarah, 'second');
    await api.gql(`mutation ($id: ID!) { reshare(shareId: $id) { id } }`, { id: first.id }, { token: julien.token });

    const CARD = `query ($h: String!) { person(handle: $h) {
      shares { edges { node { title } } }
      ripples { edges { node { root { id } stats { size } } } }
    } }`;
    const card = (await api.gql(CARD, { h: sarah.handle }, { token: reader.token })).data!.person;
    expect(card.shares.edges.map((e: any) => e.node.title)).toEqual(['second', 'first']);
    // Only "first" caused something (Julien's reshare).
    expect(card.ripples.edges.map((e: any) => e.node.root.id)).toEqual([first.event.id]);
    expect(card.ripples.edges[0].node.stats.size).toBe(2);
  });
});

describe('small fields the web client needs', () => {
  it('Share.viewerReshared and Event.root', async () => {
    const [a, b] = [await newPerson(api), await newPerson(api)];
    const shared = (
      await api.gql(`mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`, {
        i: { url: 'https://example.org/y', title: 'y', authorName: 'Someone' },
      }, { token: a.token })
    ).data!.shareWork;
    const SEEN = `query ($id: ID!) { share(id: $id) { viewerReshared } }`;
    expect((await api.gql(SEEN, { id: shared.id }, { token: b.token })).data!.share.viewerReshared).toBe(false);
    const reshared = (await api.gql(`mutation ($id: ID!) { reshare(shareId: $id) { id viewerReshared event { root { id } } } }`, { id: shared.id }, { token: b.token })).data!.reshare;
    expect(reshared.viewerReshared).toBe(true);
    expect(reshared.event.root.id).toBe(shared.event.id);
    expect((await api.gql(SEEN, { id: shared.id }, { token: b.token })).data!.share.viewerReshared).toBe(true);
    expect((await api.gql(SEEN, { id: shared.id }, { token: a.token })).data!.share.viewerReshared).toBe(false);
  });
});
