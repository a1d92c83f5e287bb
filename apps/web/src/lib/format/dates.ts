/**
 * Absolute dates and times; the year is shown only when it is not this
 * year. `timeAgo` is the feed's relative form ("3 min ago"), always shown
 * with the absolute one on hover; the page passes `now` and moves it on
 * each minute, so a card's text changes only as time does.
 */
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const DAY_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

export function formatDay(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return (date.getFullYear() === now.getFullYear() ? DAY : DAY_YEAR).format(date);
}

export function formatDayTime(iso: string, now = new Date()): string {
  return `${formatDay(iso, now)}, ${TIME.format(new Date(iso))}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_MS = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "yesterday", "4 days ago", then the date. */
export function timeAgo(iso: string, now = new Date()): string {
  const elapsed = now.getTime() - new Date(iso).getTime();
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY_MS) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 2 * DAY_MS) return 'yesterday';
  if (elapsed < 7 * DAY_MS) return `${Math.floor(elapsed / DAY_MS)} days ago`;
  return formatDay(iso, now);
}
