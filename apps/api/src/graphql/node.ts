import { Field, ID, InterfaceType } from 'type-graphql';
import type { Context } from './context.js';

/**
 * Each feature registers the node types it owns (at import time of its
 * resolver module), so `node(id:)` and the Node interface know them without
 * importing every feature here.
 */
export interface NodeType {
  /** The GraphQL type name, also the prefix inside global ids. */
  name: string;
  /** Recognises a root value of this type (usually `instanceof` its entity). */
  isTypeOf(value: unknown): boolean;
  /** Loads one by local id for this viewer; null when missing or not the viewer's to see. */
  load(ctx: Context, id: string): Promise<object | null>;
  /**
   * Whether `node(id:)` may load it for a visitor who is not signed in (a
   * share's own page, a feed reader): `load` then gets `ctx.viewer === null`
   * and answers only what the public may see. Otherwise signed-out callers
   * get UNAUTHENTICATED, as everywhere else.
   */
  signedOut?: boolean;
}

const nodeTypes = new Map<string, NodeType>();

export function registerNodeType(type: NodeType): void {
  nodeTypes.set(type.name, type);
}

export function nodeType(name: string): NodeType | undefined {
  return nodeTypes.get(name);
}

/** Anything fetchable by `node(id:)`; its id is opaque and global. */
@InterfaceType({
  description: 'An object with a global id, fetchable with `node(id:)`.',
  resolveType: (value) => [...nodeTypes.values()].find((type) => type.isTypeOf(value))?.name,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
