import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors.js';

/**
 * Relay-style pagination: opaque cursors over a monotonic keyset, `first`
 * clamped to the configured maximum, one extra row fetched to answer
 * `hasNextPage` without a count query.
 */
@ObjectType({ description: 'Where a page sits in its list.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

export function ConnectionOf<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 20;
/** The largest page any list returns, whatever `first` asks. */
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many to return (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

/** A page request after validation: `first` within bounds, cursor decoded. */
export interface PageRequest {
  first: number;
  after: unknown[] | null;
}

export function pageRequest(args: PageArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) {
    throw badInput('`first` must be zero or more.', [{ field: 'first', message: 'must be zero or more' }]);
  }
  return { first: Math.min(first, MAX_PAGE_SIZE), after: args.after ? decodeCursor(args.after) : null };
}

/** Cost of a list field: what each item costs, times how many may come back. */
export function pageComplexity({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, childComplexity) * Math.max(0, Math.min(first, MAX_PAGE_SIZE));
}

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A string that PostgreSQL accepts as a positive bigint id. */
export function isBigintId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX;
}

/** The id at `index` of a page's cursor key (null on the first page); BAD_USER_INPUT if it is not one. */
export function cursorId(page: PageRequest, index = 0): string | null {
  if (!page.after) return null;
  const value = String(page.after[index]);
  if (!isBigintId(value)) throw badInput('That cursor is not valid.', [{ field: 'after', message: 'is not a cursor from this list' }]);
  return value;
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // NUL cannot reach PostgreSQL text; no cursor of ours holds one.
    if (Array.isArray(key) && key.length > 0 && !key.some((part) => typeof part === 'string' && part.includes('\u0000'))) return key;
  } catch {
    // fall through
  }
  throw badInput('That cursor is not valid.', [{ field: 'after', message: 'is not a cursor from this list' }]);
}

/** Builds a page from rows fetched with `limit first + 1`. */
export function toConnection<R, T>(
  rows: R[],
  first: number,
  keyOf: (row: R) => unknown[],
  toNode: (row: R) => T,
  hasPrevious: boolean,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export type NodeTypeName = 'Person' | 'Event' | 'Share' | 'Introduction' | 'Notification';

/** Opaque global ids: base64url of "Type:localId". */
export function toGlobalId(type: NodeTypeName, localId: string): string {
  return Buffer.from(`${type}:${localId}`).toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(\d{1,19})$/.exec(decoded);
  return match && isBigintId(match[2]) ? { type: match[1]!, id: match[2]! } : null;
}

/** The local id behind a global id of the expected type, or NOT_FOUND-worthy null. */
export function localIdOf(globalId: string, type: NodeTypeName): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** Global ids for many local ids of one type at once. */
export function toGlobalIds(type: NodeTypeName, localIds: readonly string[]): string[] {
  return localIds.map((id) => toGlobalId(type, id));
}
