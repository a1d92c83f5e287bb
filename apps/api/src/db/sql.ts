/**
 * MikroORM's `em.execute` inlines parameters and spreads arrays into lists,
 * so id arrays travel as one PostgreSQL array literal: `= any(?::bigint[])`.
 */
export function bigintArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^\d{1,19}$/.test(id)) throw new Error(`not a bigint id: ${id}`);
  return `{${ids.join(',')}}`;
}

/** The same for plain words (channel names, ids as text): letters, digits and `_` only, so no quoting is needed. */
export function wordArray(words: readonly string[]): string {
  for (const word of words) if (!/^\w+$/.test(word)) throw new Error(`not a plain word: ${word}`);
  return `{${words.join(',')}}`;
}
