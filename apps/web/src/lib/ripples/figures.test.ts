import { describe, expect, it } from 'vitest';
import amaraIntro from './fixtures/amara-intro.json';
import sarahFollow from './fixtures/sarah-follow.json';
import sarahShare from './fixtures/sarah-share.json';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

/**
 * The browser's figures are the API's own module (./figures re-exports
 * apps/api/src/ripples/ripple-stats.ts, unit-tested there); what is checked
 * here is the explorer's side: its graph feeds that module the same tree the
 * API does. The fixtures are real `ripple(eventId) { stats events people }` answers of
 * the demo community (captured from the built API): the same events, put
 * through the client, give exactly the API's `stats`.
 */
interface Fixture {
  eventId: string;
  stats: Record<string, unknown>;
  events: RippleEventInput[];
  people: { id: string; handle: string; name: string; avatarUrl: string | null; eventCount: number }[];
}
const fixtures: [string, Fixture][] = [
  ['Sarah’s share of Maya’s essay (60 events)', sarahShare as Fixture],
  ['the follow that led Sarah to share it (61 events)', sarahFollow as Fixture],
  ['Amara’s introduction, and the one it led to (5 events)', amaraIntro as Fixture],
];

describe.each(fixtures)('the API’s own answer for %s', (_name, fixture) => {
  const graph = new RippleGraph();
  for (const event of fixture.events) graph.add(event);
  for (const person of fixture.people) graph.setCard(person);

  it('at the end of a replay, the figures are exactly ripple(eventId).stats', () => {
    graph.setShown(1);
    graph.setShown(graph.eventCount);
    expect(graph.figures()).toEqual(fixture.stats);
  });

  it('counts each person’s events as RipplePerson.eventCount does', () => {
    for (const person of fixture.people) {
      expect(graph.totalEvents[graph.indexOfPerson(person.id)]).toBe(person.eventCount);
    }
    expect(graph.personCount).toBe(fixture.people.length);
  });

  it('grows monotonically along the replay', () => {
    let previous = graph.figures(1)!;
    expect(previous.size).toBe(1);
    for (let k = 2; k <= graph.eventCount; k++) {
      const figures = graph.figures(k)!;
      expect(figures.size).toBe(k);
      expect(figures.peopleReached).toBeGreaterThanOrEqual(previous.peopleReached);
      expect(figures.depth).toBeGreaterThanOrEqual(previous.depth);
      expect(figures.timeSpan).toBeGreaterThanOrEqual(previous.timeSpan);
      previous = figures;
    }
  });

  it('shows each event’s ripple-relative depth as the API does', () => {
    for (const event of fixture.events as (RippleEventInput & { depth: number })[]) {
      expect(graph.level[graph.indexOfEvent(event.id)]).toBe(event.depth);
    }
  });
});
