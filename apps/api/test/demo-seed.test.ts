import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { seedDemoIfEmpty } from '../src/seed/demo.js';
import { createLogger } from '../src/config/logger.js';
import { DEMO_SIGN_IN } from '../src/seed/demo-community.js';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  await seedDemoIfEmpty(api.orm.em.fork(), createLogger('silent'), api.config);
  const res = await api.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, { input: DEMO_SIGN_IN });
  token = res.data?.signIn.token;
});
afterAll(() => api.close());

describe('the demo community', () => {
  it('tells the story: Sarah shares Maya’s post mentioning Julien, Julien reshares, Chris reshares Julien, 55 readers follow', async () => {
    const shares = await api.db<{ handle: string; title: string; reshare_of: string | null }>(
      `select p.handle, s.title, r.handle as reshare_of from share s join person p on p.id = s.sharer_id
         left join share o on o.id = s.reshare_of_id left join person r on r.id = o.sharer_id
        where s.title = 'Awkward Moments Experiment' order by s.id`,
    );
    expect(shares).toEqual([
      { handle: 'sarah', title: 'Awkward Moments Experiment', reshare_of: null },
      { handle: 'julien', title: 'Awkward Moments Experiment', reshare_of: 'sarah' },
      { handle: 'chris', title: 'Awkward Moments Experiment', reshare_of: 'julien' },
    ]);
    const [sarah] = await api.db(
      `select e.id, e.root_id from share s join event e on e.id = s.event_id where s.title = 'Awkward Moments Experiment' order by s.id limit 1`,
    );
    const [{ follows, first_minute }] = await api.db(
      `select count(*)::int as follows,
              count(*) filter (where e.created_at <= (select created_at from event where kind = 'RESHARED' and root_id = ? order by id desc limit 1) + interval '1 minute')::int as first_minute
         from event e where e.kind = 'FOLLOWED' and e.root_id = ? and e.id > ?`,
      [sarah!.root_id, sarah!.root_id, sarah!.id],
    );
    expect(follows).toBeGreaterThan(50);
    expect(first_minute).toBeGreaterThanOrEqual(25);
  });

  it('has a long chain of reshares and a broad broadcast of about the same size, to compare Maya’s ripple with', async () => {
    const ripples = await api.db<{ title: string; size: number; height: number; virality: number }>(
      `select s.title, f.size, f.height, f.structural_virality as virality
         from share s join ripple_figures f on f.event_id = s.event_id where s.reshare_of_id is null order by f.size desc`,
    );
    const byTitle = new Map(ripples.map((r) => [r.title, r]));
    const maya = byTitle.get('Awkward Moments Experiment')!;
    const chain = byTitle.get('Why most things do not spread')!;
    const broadcast = byTitle.get('Reading circles that last')!;
    for (const other of [chain, broadcast]) expect(Math.abs(other.size - maya.size)).toBeLessThanOrEqual(maya.size * 0.25);
    expect(chain.height).toBeGreaterThanOrEqual(30);
    expect(broadcast.height).toBe(1);
    expect(chain.virality).toBeGreaterThan(maya.virality);
    expect(broadcast.virality).toBeLessThan(maya.virality);
  });

  it('has Amara’s introductions, all connected, and one made by someone she introduced the week before', async () => {
    const intros = await api.db<{ connector: string; status: string }>(
      `select p.handle as connector, i.status from introduction i join person p on p.id = i.connector_id order by i.id`,
    );
    expect(intros.filter((i) => i.connector === 'amara' && i.status === 'CONNECTED')).toHaveLength(6);
    const [kwames] = await api.db(
      `select e.root_id, e.depth, (select root_id from event where kind = 'INTRODUCED' order by id limit 1) as amara_root
         from event e join introduction i on i.introduced_event_id = e.id join person p on p.id = i.connector_id where p.handle = 'kwame'`,
    );
    expect(kwames!.root_id).toBe(kwames!.amara_root);
    expect(kwames!.depth).toBe(2);
  });

  it('greets the demo sign-in with an open ask and a feed', async () => {
    const res = await api.gql(
      `{ introductions(role: ASKED) { edges { node { connector { handle } otherPerson { handle } } } }
         feed(first: 3) { edges { node { title sharer { handle } } } } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.introductions.edges[0].node).toEqual({ connector: { handle: 'amara' }, otherPerson: { handle: 'chris' } });
    expect(res.data?.feed.edges.map((e: any) => e.node.sharer.handle)).toEqual(['chris', 'julien', 'sarah']);
  });
});
