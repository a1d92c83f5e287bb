/**
 * Absolute dates and times, the same on every render: a relative "3 min ago"
 * would change a card's text while nothing about it changed. The year is
 * shown only when it is not this year.
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
