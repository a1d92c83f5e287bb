/**
 * The keyboard and list rules of the member picker (an ARIA 1.2 combobox
 * with a listbox popup), kept pure so they are unit-tested alone.
 */

/** Where the active option moves on a key, or undefined when the key is not the list's. */
export function movedIndex(key: string, active: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Search results minus the people that may not be picked (yourself, those already chosen). */
export function pickable<T extends { id: string; isViewer: boolean }>(
  people: readonly T[],
  options: { excludeIds?: readonly string[]; allowViewer?: boolean },
): T[] {
  const excluded = new Set(options.excludeIds ?? []);
  return people.filter((p) => !excluded.has(p.id) && (options.allowViewer || !p.isViewer));
}

/** What a screen reader hears when the results change. */
export function resultsAnnouncement(query: string, count: number, loading: boolean): string {
  if (!query.trim()) return '';
  if (loading) return 'Searching…';
  if (count === 0) return `No members match “${query.trim()}”.`;
  return `${count} ${count === 1 ? 'member matches' : 'members match'}. Use the up and down arrows to choose, Enter to pick.`;
}
