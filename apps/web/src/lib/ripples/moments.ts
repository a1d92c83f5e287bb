/**
 * The moments that make a ripple's story, found in its events and named in
 * plain words: the first reshare, the largest burst, the person who
 * brought the most, the first connection. Pure: columns in, sentences out.
 */
import type { EventKind } from '@ripple/schema';
import { plural } from '$lib/people/plural';
import { childLists, type StoryColumns } from './story-columns';
import { formatElapsed } from './timeline';

export type MomentKey = 'first-reshare' | 'burst' | 'hub' | 'first-connection';

export interface KeyMoment {
  key: MomentKey;
  /** A short heading: "Largest burst". */
  title: string;
  /** The moment in a sentence. */
  text: string;
  /** The event to replay up to (shown with everything before it). */
  event: number;
  /** The person it is about, to ring on the graph. */
  person: number;
}

/** Windows a burst is measured in, shortest first: the first one with a real burst names it. */
export const BURST_WINDOWS = [
  { ms: 60_000, words: 'the first minute' },
  { ms: 3_600_000, words: 'the first hour' },
  { ms: 86_400_000, words: 'the first day' },
] as const;
/** Fewer direct effects than this in a window is no burst. */
export const BURST_MIN = 5;

/** What one act is called, for "after Chris’s reshare". */
const ACT: Partial<Record<EventKind, [one: string, many: string]>> = {
  SHARED: ['share', 'shares'],
  RESHARED: ['reshare', 'reshares'],
  FOLLOWED: ['follow', 'follows'],
  MENTIONED: ['mention', 'mentions'],
  THANKED: ['thanks', 'thanks'],
  INTRODUCED: ['introduction', 'introductions'],
  CONNECTED: ['connection', 'connections'],
  MET: ['meeting', 'meetings'],
  JOINED: ['sign-up', 'sign-ups'],
};

function act(kind: EventKind, count = 1): string {
  const [one, many] = ACT[kind] ?? ['act', 'acts'];
  return count === 1 ? one : many;
}

/** "25 follows" when (nearly) all of them are one kind, else "27 events". */
function countOf(columns: StoryColumns, events: readonly number[]): string {
  const byKind = new Map<EventKind, number>();
  for (const i of events) byKind.set(columns.kind[i]!, (byKind.get(columns.kind[i]!) ?? 0) + 1);
  const [kind, most] = [...byKind].sort((a, b) => b[1] - a[1])[0]!;
  return most === events.length ? `${events.length.toLocaleString('en')} ${act(kind, most)}` : plural(events.length, 'event');
}

/** The root's direct effect named first in time that is a reshare, etc. */
function firstOfKind(columns: StoryColumns, kind: EventKind): number {
  let best = -1;
  for (let i = 1; i < columns.count; i++) {
    if (columns.kind[i] === kind && (best < 0 || columns.at[i]! < columns.at[best]!)) best = i;
  }
  return best;
}

/**
 * The largest burst: the act whose direct effects came fastest. For each
 * window (a minute, then an hour, then a day) the act with the most direct
 * effects within that long after it; the shortest window in which some act
 * has at least BURST_MIN names it.
 */
export function largestBurst(columns: StoryColumns): { cause: number; effects: number[]; window: (typeof BURST_WINDOWS)[number] } | null {
  const { start, list } = childLists(columns.parent, columns.count);
  for (const window of BURST_WINDOWS) {
    let best: { cause: number; effects: number[] } | null = null;
    for (let c = 0; c < columns.count; c++) {
      if (start[c + 1]! - start[c]! < Math.max(BURST_MIN, best?.effects.length ?? 0)) continue;
      const from = columns.at[c]!;
      const effects: number[] = [];
      for (let k = start[c]!; k < start[c + 1]!; k++) {
        const e = list[k]!;
        if (columns.at[e]! - from <= window.ms) effects.push(e);
      }
      if (effects.length >= BURST_MIN && effects.length > (best?.effects.length ?? 0)) best = { cause: c, effects };
    }
    if (best) return { ...best, window };
  }
  return null;
}

/**
 * Events each person brought: their own acts and the acts those directly
 * set off. (How much came through them all the way down is their
 * sub-ripple, see subRippleSizes.)
 */
export function broughtBy(columns: StoryColumns, people: number): Int32Array {
  const brought = new Int32Array(people);
  for (let i = 0; i < columns.count; i++) {
    brought[columns.actor[i]!]!++;
    if (i > 0) brought[columns.actor[columns.parent[i]!]!]!++;
  }
  return brought;
}

/**
 * The ripple's key moments, in the order they happened. `nameOf` names a
 * person; `people` is how many there are (the largest index + 1).
 */
export function keyMoments(columns: StoryColumns, people: number, nameOf: (p: number) => string): KeyMoment[] {
  const n = columns.count;
  if (n < 2) return [];
  const moments: (KeyMoment & { at: number })[] = [];
  const startedAt = columns.at[0]!;
  const after = (i: number) => formatElapsed(columns.at[i]! - startedAt);
  const lastOf = (events: readonly number[]) => events.reduce((last, e) => (columns.at[e]! > columns.at[last]! || (columns.at[e] === columns.at[last] && e > last) ? e : last));

  const reshare = firstOfKind(columns, 'RESHARED');
  if (reshare > 0) {
    moments.push({
      key: 'first-reshare',
      title: 'First reshare',
      text: `${nameOf(columns.actor[reshare]!)} reshared it ${after(reshare)} after it started.`,
      event: reshare,
      person: columns.actor[reshare]!,
      at: columns.at[reshare]!,
    });
  }

  const burst = largestBurst(columns);
  if (burst) {
    const cause = burst.cause;
    const who = nameOf(columns.actor[cause]!);
    moments.push({
      key: 'burst',
      title: 'Largest burst',
      text: `${countOf(columns, burst.effects)} in ${burst.window.words} after ${who}’s ${act(columns.kind[cause]!)}.`,
      event: lastOf(burst.effects),
      person: columns.actor[cause]!,
      at: columns.at[cause]!,
    });
  }

  // Who brought the most, the starter aside (they brought it all): their acts and what those set off directly.
  const brought = broughtBy(columns, people);
  const rootPerson = columns.actor[0]!;
  let hub = -1;
  for (let p = 0; p < people; p++) if (p !== rootPerson && brought[p]! > (hub < 0 ? 1 : brought[hub]!)) hub = p;
  if (hub >= 0) {
    const acts: number[] = [];
    const effects: number[] = [];
    for (let i = 1; i < n; i++) {
      if (columns.actor[i] === hub) acts.push(i);
      if (columns.actor[columns.parent[i]!] === hub) effects.push(i);
    }
    const first = acts.length > 0 ? acts[0]! : 0;
    const through = acts.length === 1 ? `one ${act(columns.kind[first]!)}` : plural(acts.length, 'act');
    moments.push({
      key: 'hub',
      title: 'Brought the most',
      text:
        effects.length > 0
          ? `${nameOf(hub)} brought ${brought[hub]!.toLocaleString('en')} of the ${n.toLocaleString('en')} events: ${through} and the ${countOf(columns, effects)} ${acts.length === 1 ? 'it' : 'they'} set off.`
          : `${nameOf(hub)} took part ${plural(brought[hub]!, 'time')}.`,
      event: effects.length > 0 ? lastOf(effects) : first,
      person: hub,
      at: columns.at[first]!,
    });
  }

  const connection = firstOfKind(columns, 'CONNECTED');
  if (connection > 0) {
    const cause = columns.parent[connection]!;
    const subject = columns.subject[connection]!;
    const pair = `${nameOf(columns.actor[connection]!)} and ${subject >= 0 ? nameOf(subject) : 'someone'}`;
    const via = columns.kind[cause] === 'INTRODUCED' ? `, after ${nameOf(columns.actor[cause]!)}’s introduction` : '';
    moments.push({
      key: 'first-connection',
      title: 'First connection',
      text: `${pair} connected ${after(connection)} in${via}.`,
      event: connection,
      person: columns.actor[connection]!,
      at: columns.at[connection]!,
    });
  }

  moments.sort((a, b) => a.at - b.at);
  return moments.map(({ at: _at, ...moment }) => moment);
}
