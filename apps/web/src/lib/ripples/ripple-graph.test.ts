import { describe, expect, it } from 'vitest';
import amaraIntro from './fixtures/amara-intro.json';
import sarahShare from './fixtures/sarah-share.json';
import { sarahShareSnapshot } from './fixtures';
import { EDGE_TYPES } from './edges';
import { radiusFor } from './layout';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

const share = sarahShare as { events: RippleEventInput[]; people: { id: string; handle: string; name: string; avatarUrl: string | null }[] };
const intro = amaraIntro as { events: RippleEventInput[] };

function build(events: readonly RippleEventInput[]) {
  const graph = new RippleGraph();
  for (const event of events) expect(graph.add(event)).toBe('added');
  return graph;
}

let clock = Date.UTC(2026, 0, 1);
function event(id: string, kind: RippleEventInput['kind'], actorId: string, causeId: string | null, more: Partial<RippleEventInput> = {}): RippleEventInput {
  clock += 60_000;
  return {
    id,
    kind,
    actorId,
    subjectId: null,
    subject2Id: null,
    shareId: null,
    introductionId: null,
    causeId,
    createdAt: new Date(clock).toISOString(),
    ...more,
  };
}

describe('RippleGraph', () => {
  it('draws the demo ripple as people and typed edges', () => {
    const graph = build(share.events);
    const names = new Map(share.people.map((p) => [p.id, p.name]));
    for (const person of share.people) graph.setCard(person);
    const edges = Array.from({ length: graph.edgeCount }, (_, e) => ({
      type: EDGE_TYPES[graph.edgeType[e]!],
      from: names.get(graph.personIds[graph.edgeFrom[e]!]!),
      to: names.get(graph.personIds[graph.edgeTo[e]!]!),
    }));
    expect(edges.slice(0, 5)).toEqual([
      { type: 'share', from: 'Sarah Okafor', to: 'Maya Lindqvist' },
      { type: 'mention', from: 'Sarah Okafor', to: 'Julien Moreau' },
      { type: 'reshare', from: 'Sarah Okafor', to: 'Julien Moreau' },
      { type: 'reshare', from: 'Julien Moreau', to: 'Chris Adeyemi' },
      { type: 'thanks', from: 'Maya Lindqvist', to: 'Sarah Okafor' },
    ]);
    // The 55 follows run from the card each reader followed from: Chris's reshare for the first 25.
    const follows = edges.filter((e) => e.type === 'follow');
    expect(follows).toHaveLength(55);
    expect(follows.slice(0, 25).every((e) => e.from === 'Chris Adeyemi')).toBe(true);
    expect(new Set(follows.map((e) => e.from))).toEqual(new Set(['Sarah Okafor', 'Julien Moreau', 'Chris Adeyemi']));
    expect(graph.nameOf(graph.rootPerson)).toBe('Sarah Okafor');
  });

  it('fans parallel edges out (a mention and a reshare between the same two), whichever way they run', () => {
    const graph = build(share.events);
    const between = (a: number, b: number) =>
      Array.from({ length: graph.edgeCount }, (_, e) => e).filter(
        (e) => (graph.edgeFrom[e] === a && graph.edgeTo[e] === b) || (graph.edgeFrom[e] === b && graph.edgeTo[e] === a),
      );
    const sarahJulien = between(0, graph.actor[2]!);
    expect(sarahJulien).toHaveLength(2);
    expect(graph.edgeBend[sarahJulien[0]!]).toBe(0);
    expect(graph.edgeBend[sarahJulien[1]!]).not.toBe(0);
    const sarahMaya = between(0, graph.subject[0]!); // the share, and Maya's thanks the other way
    expect(sarahMaya.map((e) => graph.edgeBend[e] !== 0)).toEqual([false, true]);
  });

  it('takes a whole snapshot at once, the same as event by event', () => {
    const byEvent = build(share.events);
    for (const person of share.people) byEvent.setCard(person);
    const bySnapshot = new RippleGraph();
    bySnapshot.loadSnapshot(sarahShareSnapshot());
    expect(bySnapshot.eventCount).toBe(60);
    expect(bySnapshot.figures()).toEqual(byEvent.figures());
    expect(bySnapshot.edgeCount).toBe(byEvent.edgeCount);
    expect(Array.from(bySnapshot.edgeType.subarray(0, 60))).toEqual(Array.from(byEvent.edgeType.subarray(0, 60)));
    for (let p = 0; p < bySnapshot.personCount; p++) {
      const q = byEvent.indexOfPerson(bySnapshot.personIds[p]!);
      expect(bySnapshot.nameOf(p)).toBe(byEvent.nameOf(q));
      expect(bySnapshot.totalEvents[p]).toBe(byEvent.totalEvents[q]);
    }
  });

  it('sizes people by how much of the ripple came through them: the hub stands out', () => {
    const graph = new RippleGraph();
    graph.loadSnapshot(sarahShareSnapshot());
    const chris = graph.personIds.findIndex((_, p) => graph.nameOf(p) === 'Chris Adeyemi');
    const maya = graph.personIds.findIndex((_, p) => graph.nameOf(p) === 'Maya Lindqvist');
    expect(graph.reach[chris]).toBe(36);
    expect(graph.radius[chris]).toBeGreaterThan(2.5 * graph.radius[maya]!);
    // Replayed to before Chris's reshare, he is not on screen at all.
    graph.setShown(graph.rankOf(graph.indexOfEvent(share.events[3]!.id)));
    expect(graph.radius[chris]).toBe(0);
  });

  it('shows a prefix of the replay: who is in it, and how big', () => {
    const graph = build(share.events);
    expect(graph.shown).toBe(60);
    graph.setShown(1);
    // The root share alone: Sarah and the author she credited.
    expect(Array.from(graph.shownEvents.subarray(0, graph.personCount)).filter((n) => n > 0)).toHaveLength(2);
    expect(graph.radius[0]).toBeCloseTo(radiusFor(1), 5);
    graph.setShown(5);
    graph.setShown(3);
    const forward = new RippleGraph();
    for (const e of share.events) forward.add(e);
    forward.setShown(3);
    expect(Array.from(graph.shownEvents)).toEqual(Array.from(forward.shownEvents));
    graph.setShown(0); // never fewer than the root
    expect(graph.shown).toBe(1);
  });

  it('adds live events in place, shown at once when the whole ripple was on screen', () => {
    const graph = build(share.events);
    const live = event('live-1', 'RESHARED', 'UGVyc29uOjk5OQ', share.events[3]!.id, { subjectId: share.events[3]!.actorId });
    expect(graph.add(live)).toBe('added');
    expect(graph.add(live)).toBe('known');
    expect(graph.shown).toBe(61);
    expect(graph.figures()!.size).toBe(61);
  });

  it('keeps a replay where it is when live events arrive', () => {
    const graph = build(share.events);
    graph.setShown(10);
    const later = new Date(Date.parse(share.events.at(-1)!.createdAt) + 60_000).toISOString();
    graph.add(event('live-2', 'FOLLOWED', 'UGVyc29uOjk5OA', share.events[0]!.id, { subjectId: share.events[0]!.subjectId, createdAt: later }));
    expect(graph.shown).toBe(10);
    expect(graph.isEventShown(graph.eventCount - 1)).toBe(false);
  });

  it('ignores an event whose cause it does not hold', () => {
    const graph = build(share.events);
    expect(graph.add(event('stray', 'FOLLOWED', 'p', 'no-such-event'))).toBe('orphan');
    expect(graph.eventCount).toBe(60);
  });

  it('learns an introduction’s second person later (the live stream has no subject2)', () => {
    const [introduced, ...rest] = intro.events;
    const graph = new RippleGraph();
    graph.add({ ...introduced!, subject2Id: null });
    expect(graph.edgeCount).toBe(1);
    for (const e of rest) graph.add(e);
    expect(graph.add(introduced!)).toBe('updated');
    expect(graph.edgeCount).toBe(1 + 1 + 1 + 1 + 2 + 1); // intro (2), connected, met, intro (2), connected
    const complete = build(intro.events);
    expect(graph.figures()).toEqual(complete.figures());
    for (let p = 0; p < complete.personCount; p++) {
      expect(graph.totalEvents[graph.indexOfPerson(complete.personIds[p]!)]).toBe(complete.totalEvents[p]);
    }
  });

  it('replays by time, never an effect before its cause', () => {
    const graph = new RippleGraph();
    clock = Date.UTC(2026, 0, 1);
    graph.add(event('a', 'SHARED', 'p1', null, { createdAt: '2026-01-01T10:00:00.000Z' }));
    graph.add(event('b', 'RESHARED', 'p2', 'a', { subjectId: 'p1', createdAt: '2026-01-01T12:00:00.000Z' }));
    // Written later but dated earlier than b (another writer's clock): plays before b.
    graph.add(event('c', 'FOLLOWED', 'p3', 'a', { subjectId: 'p1', createdAt: '2026-01-01T11:00:00.000Z' }));
    // Dated before its own cause: plays right after it.
    graph.add(event('d', 'FOLLOWED', 'p4', 'b', { subjectId: 'p1', createdAt: '2026-01-01T09:00:00.000Z' }));
    expect(Array.from(graph.order.subarray(0, 4)).map((i) => graph.eventIds[i])).toEqual(['a', 'c', 'b', 'd']);
    graph.setShown(2);
    expect(graph.isEventShown(graph.indexOfEvent('c'))).toBe(true);
    expect(graph.isEventShown(graph.indexOfEvent('b'))).toBe(false);
    expect(graph.figures()!.size).toBe(2);
  });
});

describe('RippleGraph names', () => {
  it('keeps a card that arrives before its person (the people list runs ahead of the events)', () => {
    const graph = new RippleGraph();
    graph.setCard({ id: 'UGVyc29uOjk5OQ', handle: 'early', name: 'Early Bird', avatarUrl: null });
    graph.add(share.events[0]!);
    graph.add({ ...share.events[4]!, id: 'x', kind: 'THANKED', actorId: 'UGVyc29uOjk5OQ', causeId: share.events[0]!.id });
    expect(graph.nameOf(graph.indexOfPerson('UGVyc29uOjk5OQ'))).toBe('Early Bird');
  });
});
