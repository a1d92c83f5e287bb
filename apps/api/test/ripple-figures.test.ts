import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localIdOf, toGlobalId } from '../src/graphql/relay.js';
import { rippleFigures, type FigureNode } from '../src/ripples/ripple-stats.js';
import type { RippleSnapshotData } from '../src/ripples/snapshot-format.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

/**
 * The figures PostgreSQL keeps as events are appended (the ripple_figures
 * trigger) and the one-request snapshot, against a brute-force computation
 * over the same events (ripple-stats.ts, the one definition): for random
 * trees, for the ripple of every event in them, not only the root.
 */

let api: TestApi;
let crowd: TestPerson[];
let crowdIds: string[];
beforeAll(async () => {
  api = await startTestApi();
  crowd = await Promise.all(Array.from({ length: 5 }, () => newPerson(api)));
  crowdIds = crowd.map((p) => localIdOf(p.id, 'Person')!);
});
afterAll(() => api.close());

const KINDS = ['FOLLOWED', 'RESHARED', 'THANKED', 'CONNECTED', 'MENTIONED'] as const;

interface PlannedEvent {
  parent: number;
  kind: (typeof KINDS)[number];
  actor: number;
  subject: number | null;
  subject2: number | null;
  /** Seconds after the root; never before the cause. */
  at: number;
}

/** A random tree of events among five people, each event after its cause. */
const plannedTree = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          parent: i === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: i - 1 }),
          kind: fc.constantFrom(...KINDS),
          actor: fc.integer({ min: 0, max: 4 }),
          subject: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
          subject2: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
          delay: fc.integer({ min: 0, max: 120 }),
        }),
      ),
    ),
  )
  .map((drawn) => {
    const events: PlannedEvent[] = [];
    drawn.forEach((d, i) => {
      const parentAt = d.parent < 0 ? 0 : events[d.parent]!.at;
      events[i] = { parent: d.parent, kind: i === 0 ? 'FOLLOWED' : d.kind, actor: d.actor, subject: d.subject, subject2: d.subject2, at: parentAt + d.delay };
    });
    return events;
  });

/** Writes the tree as the event log would (ids in order, root, depth and path from the cause), one statement; returns the ids. */
async function insertTree(events: PlannedEvent[]): Promise<string[]> {
  const reserved = await api.db<{ id: string }>(`select nextval('event_id_seq')::text as id from generate_series(1, ?)`, [events.length]);
  const ids = reserved.map((r) => r.id);
  const paths: string[][] = [];
  events.forEach((e, i) => (paths[i] = e.parent < 0 ? [] : [...paths[e.parent]!, ids[e.parent]!]));
  const start = Date.UTC(2026, 5, 1);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const person = (k: number | null) => (k === null ? null : crowdIds[k]!);
    await api.db(
      `insert into event (id, kind, actor_id, subject_person_id, subject_person2_id, cause_id, root_id, depth, path, visibility, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::bigint[], 'public', to_timestamp(? / 1000.0))`,
      [ids[i], e.kind, person(e.actor), person(e.subject), person(e.subject2), e.parent < 0 ? null : ids[e.parent], ids[0], paths[i]!.length, `{${paths[i]!.join(',')}}`, start + e.at * 1000],
    );
  }
  return ids;
}

/** The ripple of event `from`, cut out of the planned tree by hand, as FigureNodes. */
function bruteForceNodes(events: PlannedEvent[], from: number): FigureNode[] {
  const position = new Map<number, number>([[from, 0]]);
  const nodes: FigureNode[] = [];
  const start = Date.UTC(2026, 5, 1);
  events.forEach((e, i) => {
    if (i !== from && !position.has(e.parent)) return;
    if (i !== from) position.set(i, nodes.length);
    const parent = i === from ? -1 : position.get(e.parent)!;
    nodes.push({
      parent,
      level: parent < 0 ? 0 : nodes[parent]!.level + 1,
      kind: e.kind,
      createdAt: start + e.at * 1000,
      actorId: e.actor,
      subjectPersonId: e.subject,
      subjectPerson2Id: e.subject2,
    });
  });
  return nodes;
}

/** Every derived row of one tree, in a stable order. */
async function figureRows(rootId: string) {
  return {
    figures: await api.db(`select * from ripple_figures where root_id = ? order by event_id`, [rootId]),
    people: await api.db(
      `select p.* from ripple_person p join event e on e.id = p.event_id where e.root_id = ? order by p.event_id, p.person_id`,
      [rootId],
    ),
    descendants: await api.db(
      `select d.* from ripple_descendant d join event e on e.id = d.event_id where e.root_id = ? order by d.ancestor_id, d.event_id`,
      [rootId],
    ),
  };
}

const RIPPLE = `query ($id: ID!) {
  ripple(eventId: $id) {
    stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan }
    snapshot
    events(first: 1000) { edges { node { id kind actorId subjectId subject2Id shareId causeId depth createdAt } } }
  }
}`;

describe('figures kept as events are appended', () => {
  it('equal a brute-force computation for the ripple of every event of random trees, and the snapshot equals the paged events', async () => {
    await fc.assert(
      fc.asyncProperty(plannedTree, async (events) => {
        const ids = await insertTree(events);
        // What the trigger kept, one event at a time, equals the set-based rebuild of the tree.
        const kept = await figureRows(ids[0]!);
        await api.db(`select ripple_rebuild(?::bigint[])`, [`{${ids[0]}}`]);
        expect(await figureRows(ids[0]!)).toEqual(kept);
        for (let from = 0; from < events.length; from++) {
          const res = await api.gql(RIPPLE, { id: toGlobalId('Event', ids[from]!) }, { token: crowd[0]!.token });
          expect(res.errors).toBeUndefined();
          const { stats, snapshot, events: paged } = res.data!.ripple as { stats: Record<string, number | null>; snapshot: RippleSnapshotData; events: any };
          const expected = rippleFigures(bruteForceNodes(events, from));
          expect({ ...stats, structuralVirality: undefined }).toEqual({ ...expected, structuralVirality: undefined });
          expect(stats.structuralVirality).toBeCloseTo(expected.structuralVirality, 9);

          // The snapshot is the paged events, column by column.
          const nodes = paged.edges.map((e: any) => e.node);
          expect(snapshot.size).toBe(nodes.length);
          expect(snapshot.events.id).toEqual(nodes.map((n: any) => n.id));
          expect(snapshot.events.parent.map((p) => (p < 0 ? null : snapshot.events.id[p]))).toEqual(nodes.map((n: any) => n.causeId));
          expect(snapshot.events.kind.map((k) => snapshot.kinds[k])).toEqual(nodes.map((n: any) => n.kind));
          const person = (i: number) => (i < 0 ? null : snapshot.people.id[i]);
          expect(snapshot.events.actor.map(person)).toEqual(nodes.map((n: any) => n.actorId));
          expect(snapshot.events.subject.map(person)).toEqual(nodes.map((n: any) => n.subjectId));
          expect(snapshot.events.subject2.map(person)).toEqual(nodes.map((n: any) => n.subject2Id));
          expect(snapshot.events.at.map((t) => snapshot.startedAt + t)).toEqual(nodes.map((n: any) => Date.parse(n.createdAt)));
          expect(snapshot.cursor).toBe(nodes.at(-1).id);
          // The snapshot's own figures, as the explorer computes them, agree too.
          const snapshotNodes: FigureNode<number>[] = [];
          snapshot.events.parent.forEach((parent, i) => {
            const index = (k: number) => (k < 0 ? null : k);
            snapshotNodes.push({
              parent,
              level: parent < 0 ? 0 : snapshotNodes[parent]!.level + 1,
              kind: snapshot.kinds[snapshot.events.kind[i]!]!,
              createdAt: snapshot.events.at[i]!,
              actorId: snapshot.events.actor[i]!,
              subjectPersonId: index(snapshot.events.subject[i]!),
              subjectPerson2Id: index(snapshot.events.subject2[i]!),
            });
          });
          const fromSnapshot = rippleFigures(snapshotNodes);
          expect(fromSnapshot).toEqual({ ...expected, structuralVirality: fromSnapshot.structuralVirality });
          expect(fromSnapshot.structuralVirality).toBeCloseTo(expected.structuralVirality, 9);
        }
      }),
      { numRuns: 25 },
    );
  });
});
