import { LRUCache } from 'lru-cache';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors.js';
import { BLOCK_BYTES, decipherBlocks, encipherBlocks, open, seal } from './global-ids.js';

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

/** A canonical decimal id (no sign, no leading zeros): the keys that fit one block and decode to the same string. */
const CANONICAL_ID = /^(0|[1-9]\d{0,19})$/;
const CURSOR_PAD = 32;
/** Far above any cursor of ours (a person's name is at most 80 characters); refused before any decoding. */
const MAX_CURSOR_LENGTH = 2048;

const invalidCursor = () => badInput('That cursor is not valid.', [{ field: 'after', message: 'is not a cursor from this list' }]);

/** An opaque cursor for a keyset position (see the note on ids and cursors below). */
export function encodeCursor(key: unknown[]): string {
  const [only] = key;
  if (key.length === 1 && typeof only === 'string' && CANONICAL_ID.test(only) && BigInt(only) <= UINT64_MAX) {
    return enciphered(CURSOR_TAG, only);
  }
  const json = JSON.stringify(key);
  const bytes = Buffer.byteLength(json);
  const padded = Buffer.alloc(Math.max(1, Math.ceil(bytes / CURSOR_PAD)) * CURSOR_PAD, ' ');
  padded.write(json);
  return seal(padded).toString('base64url');
}

/** The key inside a cursor of ours; BAD_USER_INPUT (field `after`) for anything else. */
export function decodeCursor(cursor: string): unknown[] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  const block = deciphered(cursor);
  if (block) {
    if (block.tag !== CURSOR_TAG) throw invalidCursor();
    return [block.id];
  }
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const plain = open(Buffer.from(cursor, 'base64url'));
  if (plain) {
    try {
      const key: unknown = JSON.parse(plain.toString('utf8'));
      // Flat, and no NUL (PostgreSQL text cannot hold one): all our cursors are.
      if (Array.isArray(key) && key.length > 0 && key.every(isCursorPart)) return key;
    } catch {
      // fall through: not ours
    }
  }
  throw invalidCursor();
}

const isCursorPart = (part: unknown) =>
  (typeof part === 'string' && !part.includes('\u0000')) || (typeof part === 'number' && Number.isFinite(part));

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

// ——— Global ids and cursors: opaque, and reveal nothing ———
//
// Local ids are sequences (every event, notification, introduction… takes
// the next number), so a readable id would let a member count what they may
// not see: two of their own acts in a row with a gap of one between them
// mean somebody else acted in between — a hidden decline, say. So ids and
// cursors are encrypted under the server's key (global-ids.ts: ID_SECRET, or
// one stored in the database at first boot).
//
// A global id is one AES-256 block, encode-then-encipher:
//   [type tag: 1 byte][format version: 1][local id: 8, unsigned big-endian][zeros: 6]
// enciphered with the id key (AES on one block is a pseudorandom
// permutation; ECB over a batch is that permutation once per block) and
// written as base64url: 22 characters. Deterministic, so the same object
// always has the same id (clients compare ids; /ripples/<id> is bookmarked),
// and without the key two ids show no relation at all: not order, not
// distance, not type. Decoding deciphers and checks the version and the six
// zero bytes: a forged, altered or truncated id passes with odds of about
// 2^-48 (and then still has to name a tag and an existing row), and it is
// treated exactly like a missing one (null here → NOT_FOUND, or
// BAD_USER_INPUT where the resolver says so). Only the canonical base64url
// spelling is accepted, so one object has one id.
//
// A cursor whose key is one id (every list but people-by-name) is the same
// block under a tag of its own, so it never equals the id of the row it
// points at. Any other key is its JSON, padded with spaces to a multiple of
// 32 bytes (so the length tells nothing finer than that), sealed with
// AES-256-CTR under a synthetic IV (SIV: IV = truncated HMAC-SHA256 of the
// plaintext, checked on opening; deterministic and authenticated). A cursor
// that does not open is BAD_USER_INPUT on `after`.
//
// Speed: one long-lived ECB cipher serves every id (no cipher object per
// id); toGlobalIds() enciphers a whole list in one call.

/** Every kind of row whose id leaves the server (not all are `node(id:)` types: a thread message is not). */
export type NodeTypeName = 'Person' | 'Event' | 'Share' | 'Introduction' | 'Notification' | 'IntroductionMessage';

/** Type tags inside the block. Never renumber: ids already handed out carry them. */
const TYPE_TAG: Record<NodeTypeName, number> = { Person: 1, Event: 2, Share: 3, Introduction: 4, Notification: 5, IntroductionMessage: 6 };
const TYPE_OF_TAG = new Map<number, NodeTypeName>(Object.entries(TYPE_TAG).map(([type, tag]) => [tag, type as NodeTypeName]));
const CURSOR_TAG = 0x40;
const FORMAT_VERSION = 1;
const ID_OFFSET = 2;
const REDUNDANCY_OFFSET = 10;
/** 22 base64url characters; the last carries 2 bits and 4 zero bits, hence its four possible values. */
const BLOCK_TEXT = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const UINT64_DIGITS = /^\d{1,20}$/;
const UINT64_MAX = 18_446_744_073_709_551_615n;
const TWO_32 = 2 ** 32;

/** Writes [tag][version][id][zeros] at `offset` of a zero-filled buffer. */
function writeBlock(target: Buffer, offset: number, tag: number, localId: string): void {
  target[offset] = tag;
  target[offset + 1] = FORMAT_VERSION;
  if (localId.length <= 15 && UINT64_DIGITS.test(localId)) {
    // Below 2^53: plain numbers, no BigInt (this runs once per id in every list).
    const value = Number(localId);
    target.writeUInt32BE(Math.floor(value / TWO_32), offset + ID_OFFSET);
    target.writeUInt32BE(value % TWO_32, offset + ID_OFFSET + 4);
    return;
  }
  if (!UINT64_DIGITS.test(localId) || BigInt(localId) > UINT64_MAX) throw new Error(`Not a local id: ${JSON.stringify(localId)}`);
  target.writeBigUInt64BE(BigInt(localId), offset + ID_OFFSET);
}

/** One block reused by every single encoding: `update()` copies its input, so nothing outlives the call. */
const scratch = Buffer.alloc(BLOCK_BYTES);

function enciphered(tag: number, localId: string): string {
  scratch.fill(0);
  writeBlock(scratch, 0, tag, localId);
  return encipherBlocks(scratch).toString('base64url');
}

/** The tag and local id inside an enciphered block, or null when it is not one of ours. */
function deciphered(text: unknown): { tag: number; id: string; bigint: boolean } | null {
  if (typeof text !== 'string' || !BLOCK_TEXT.test(text)) return null;
  scratch.write(text, 'base64url');
  const block = decipherBlocks(scratch);
  if (block[1] !== FORMAT_VERSION || block.readUIntBE(REDUNDANCY_OFFSET, 6) !== 0) return null;
  const high = block.readUInt32BE(ID_OFFSET);
  const id = high < 2 ** 21 ? String(high * TWO_32 + block.readUInt32BE(ID_OFFSET + 4)) : block.readBigUInt64BE(ID_OFFSET).toString();
  // Within PostgreSQL's bigint exactly when the top bit is clear.
  return { tag: block[0]!, id, bigint: block[ID_OFFSET]! < 0x80 };
}

/** The opaque global id of a row. `localId` is its decimal id (below 2^64; anything else is a programming error and throws). */
export function toGlobalId(type: NodeTypeName, localId: string): string {
  const key = `${TYPE_TAG[type]}:${localId}`;
  let id = recentGlobalIds.get(key);
  if (id === undefined) {
    id = enciphered(TYPE_TAG[type], localId);
    recentGlobalIds.set(key, id);
  }
  return id;
}

/**
 * Single ids encoded lately (the signed-in viewer's own, on every request;
 * the people and events a page names again): a lookup instead of a cipher
 * call and a fresh buffer. Ids are a fixed function of the process's one
 * secret, so a remembered id never goes stale.
 */
const recentGlobalIds = new LRUCache<string, string>({ max: 10_000 });

/** toGlobalId for a whole list at once: one cipher call for all of them. */
export function toGlobalIds(type: NodeTypeName, localIds: readonly string[]): string[] {
  const tag = TYPE_TAG[type];
  const blocks = Buffer.alloc(localIds.length * BLOCK_BYTES);
  for (let i = 0; i < localIds.length; i++) writeBlock(blocks, i * BLOCK_BYTES, tag, localIds[i]!);
  const out = localIds.length === 0 ? blocks : encipherBlocks(blocks);
  const ids = new Array<string>(localIds.length);
  for (let i = 0; i < localIds.length; i++) ids[i] = out.toString('base64url', i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES);
  return ids;
}

/** The type and local id behind a global id; null for anything that is not a valid id of ours (or past PostgreSQL's bigint). */
export function fromGlobalId(globalId: string): { type: NodeTypeName; id: string } | null {
  const block = deciphered(globalId);
  const type = block && TYPE_OF_TAG.get(block.tag);
  return type && block.bigint ? { type, id: block.id } : null;
}

/** The local id behind a global id of the expected type, or NOT_FOUND-worthy null. */
export function localIdOf(globalId: string, type: NodeTypeName): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

