/**
 * The growth chart's numbers: events over time, by kind, cumulative, on a
 * time axis fitted to the ripple (seconds for a burst of a minute, days
 * for a ripple of weeks). Pure.
 */
import type { EventKind } from '@ripple/schema';
import type { StoryColumns } from './story-columns';

export interface GrowthSeries {
  /** Milliseconds from the root to the last event (at least 1). */
  spanMs: number;
  /** Steps along the axis; point k is at k / steps of the span. */
  steps: number;
  /** The kinds present, the most frequent first (the bottom of the stack). */
  kinds: EventKind[];
  /** cumulative[k][j]: events of kinds[k] up to point j (steps + 1 points). */
  cumulative: Float64Array[];
  /** Events up to the end of the axis. */
  total: number;
  ticks: { at: number; label: string }[];
}

const TICK_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000,
].map((s) => s * 1000);

/** Axis ticks at a round step, at most `most` of them, from 0 to the span. */
export function timeTicks(spanMs: number, most = 6): { at: number; label: string }[] {
  const step = TICK_STEPS_MS.find((s) => spanMs / s <= most) ?? TICK_STEPS_MS.at(-1)!;
  const ticks: { at: number; label: string }[] = [];
  for (let at = 0; at <= spanMs + 1e-6; at += step) ticks.push({ at, label: tickLabel(at, step) });
  return ticks;
}

/** "0", "30 s", "2 min", "1 h 30", "3 d": short, in the unit of the step. */
export function tickLabel(ms: number, step: number): string {
  const s = Math.round(ms / 1000);
  if (s === 0) return '0';
  if (step < 60_000) return s % 60 === 0 ? `${s / 60} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
  if (step < 3_600_000) return s % 3600 === 0 ? `${s / 3600} h` : s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)}` : `${Math.round(s / 60)} min`;
  if (step < 86_400_000) return s % 86400 === 0 ? `${s / 86400} d` : s >= 86400 ? `${Math.floor(s / 86400)} d ${Math.round((s % 86400) / 3600)} h` : `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/**
 * Events over time by kind: `steps` even steps from the root's moment to
 * the last event's, or over `range` (ms after the root: a close-up, with
 * everything before it counted at its start and nothing after it).
 */
export function growthSeries(columns: StoryColumns, steps = 120, range?: { from: number; to: number }): GrowthSeries {
  const n = columns.count;
  const root = n > 0 ? columns.at[0]! : 0;
  let last = root;
  for (let i = 0; i < n; i++) last = Math.max(last, columns.at[i]!);
  const start = root + (range?.from ?? 0);
  const end = range ? root + range.to : last;
  const spanMs = Math.max(1, end - start);
  const counts = new Map<EventKind, number>();
  for (let i = 0; i < n; i++) counts.set(columns.kind[i]!, (counts.get(columns.kind[i]!) ?? 0) + 1);
  const kinds = [...counts].sort((a, b) => b[1] - a[1]).map(([kind]) => kind);
  const row = new Map(kinds.map((kind, k) => [kind, k]));
  const cumulative = kinds.map(() => new Float64Array(steps + 1));
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (columns.at[i]! > end) continue;
    total++;
    const j = Math.min(steps, Math.max(0, Math.ceil(((columns.at[i]! - start) / spanMs) * steps)));
    cumulative[row.get(columns.kind[i]!)!]![j]!++;
  }
  for (const line of cumulative) for (let j = 1; j <= steps; j++) line[j]! += line[j - 1]!;
  return { spanMs, steps, kinds, cumulative, total, ticks: timeTicks(spanMs) };
}
