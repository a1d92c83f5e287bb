/**
 * MikroORM's `em.execute` inlines parameters and spreads arrays into lists,
 * so id arrays travel as one PostgreSQL array literal: `= any(?::bigint[])`.
 */
export function bigintArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^\d{1,19}$/.test(id)) throw new Error(`not a bigint id: ${id}`);
  return `{${ids.join(',')}}`;
}
