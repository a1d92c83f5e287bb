import { createHash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
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

/** Ids where some are missing: `{1,NULL,3}`. */
export function nullableBigintArray(ids: readonly (string | null)[]): string {
  return `{${ids.map((id) => (id === null ? 'NULL' : bigintArray([id]).slice(1, -1))).join(',')}}`;
}

/** Flags: `{t,f,t}`. */
export function booleanArray(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
}

/** Any text (nulls too), each element quoted. */
export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * Runs `sql` (`?` placeholders, each cast where PostgreSQL cannot infer its
 * type) as a named prepared statement: parsed and planned once per
 * connection instead of on every call, as `em.execute` does with its values
 * inlined. For a hot statement whose planning costs more than its work
 * (sharing writes a dozen rows through a dozen common table expressions).
 * Goes through the same query hook, transaction and error conversion as
 * `em.execute`.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const text = em.config.get('onQuery')(sql, params);
  const query = em.getConnection().getKnex().raw(text, params as Knex.RawBinding[]).options({ name: statementName(text) });
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  try {
    const result = (await query) as { rows: T[] };
    return result.rows;
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}

/** A prepared statement's name is its text's digest: one text, one name, on every connection. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `ripple_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}
