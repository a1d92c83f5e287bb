import './support/production.js';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { useIdSecret } from '../src/graphql/global-ids.js';
import { decodeCursor, encodeCursor, fromGlobalId, toGlobalId, toGlobalIds } from '../src/graphql/relay.js';

/**
 * `tsx bench/global-ids.bench.ts`: how fast encrypted ids and cursors are
 * made and read (a ripple of 100,000 events carries several ids per event).
 * Prints figures; asserts nothing.
 */
useIdSecret(randomBytes(32));
const N = Number(process.env.BENCH_IDS ?? 100_000);
const localIds = Array.from({ length: N }, (_, i) => String(1_000_000 + i));

function measure(label: string, rounds: number, work: () => number) {
  work(); // warm up
  let best = Infinity;
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    count = work();
    best = Math.min(best, performance.now() - started);
  }
  console.log(`${label.padEnd(40)} ${Math.round(count / (best / 1000)).toLocaleString('en-US').padStart(12)} /s  (${best.toFixed(1)} ms for ${count.toLocaleString('en-US')})`);
}

const ids = toGlobalIds('Event', localIds);
const cursors = localIds.map((id) => encodeCursor([id]));
const pairCursors = localIds.slice(0, N / 10).map((id) => encodeCursor(['ada lovelace', id]));

measure('(for comparison: readable base64url)', 5, () => {
  for (const id of localIds) Buffer.from(`Event:${id}`).toString('base64url');
  return N;
});
measure('toGlobalId, one call per id', 5, () => {
  for (const id of localIds) toGlobalId('Event', id);
  return N;
});
measure('toGlobalIds, one call for all', 5, () => toGlobalIds('Event', localIds).length);
measure('fromGlobalId', 5, () => {
  for (const id of ids) fromGlobalId(id);
  return N;
});
measure('encodeCursor([id])', 5, () => {
  for (const id of localIds) encodeCursor([id]);
  return N;
});
measure('decodeCursor([id])', 5, () => {
  for (const cursor of cursors) decodeCursor(cursor);
  return N;
});
measure('encodeCursor([name, id]) (sealed)', 5, () => {
  for (const id of localIds.slice(0, N / 10)) encodeCursor(['ada lovelace', id]);
  return N / 10;
});
measure('decodeCursor([name, id]) (sealed)', 5, () => {
  for (const cursor of pairCursors) decodeCursor(cursor);
  return N / 10;
});
