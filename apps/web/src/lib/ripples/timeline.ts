/**
 * The replay's clock: a ripple that took hours (or weeks) plays in 10–20
 * seconds. Real time is compressed gap by gap: the wait between two
 * consecutive events counts as log(1 + seconds), and any wait over an hour
 * as an hour, so a burst of follows within a minute still reads as a
 * burst, and a quiet night between two shares takes a beat rather than
 * the whole replay. Pure.
 */

/** log(1 + seconds) of the longest wait that still counts in full. */
const LONGEST_GAP = Math.log1p(3600);

/** Playback length for a ripple of `events` events: longer for bigger ripples, within 10–20 s. */
export function playbackDuration(events: number): number {
  if (events <= 1) return 0;
  return Math.round(Math.min(20_000, Math.max(10_000, 8_000 + 3_000 * Math.log10(events))));
}

/**
 * When each event shows in the replay, in ms from its start, given the
 * events' times (epoch ms) in playback order (non-decreasing). The first is
 * at 0 and the last at `duration`; events at the same moment show together.
 * When nothing separates them at all, they are spread evenly.
 */
export function playbackSchedule(times: ArrayLike<number>, count: number, duration = playbackDuration(count), into?: Float64Array): Float64Array {
  const at = into && into.length >= count ? into : new Float64Array(Math.max(count, 1));
  if (count === 0) return at;
  at[0] = 0;
  let total = 0;
  for (let k = 1; k < count; k++) {
    const gapSeconds = Math.max(0, times[k]! - times[k - 1]!) / 1000;
    total += Math.min(LONGEST_GAP, Math.log1p(gapSeconds));
    at[k] = total;
  }
  for (let k = 1; k < count; k++) at[k] = total > 0 ? (at[k]! / total) * duration : (k / (count - 1)) * duration;
  return at;
}

/** How many events show at `ms` into the replay: those scheduled at or before it (at least the root). */
export function shownAt(schedule: ArrayLike<number>, count: number, ms: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (schedule[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(Math.min(1, count), lo);
}

/** "2 h 5 min", "45 s", "3 days": a time span in words, to the precision that matters. */
export function formatSpan(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.round(hours / 24);
  return `${days} days`;
}

/**
 * Time since the start, to the second where seconds matter: "0 s", "48 s",
 * "30 min 12 s", "5 h 03 min", "3 days 4 h".
 */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${pad(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${pad(minutes % 60)} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} days` : `${days} days ${hours % 24} h`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
