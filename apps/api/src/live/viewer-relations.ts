import {
  defaultFieldResolver,
  getNamedType,
  getOperationAST,
  Kind,
  type ASTNode,
  type FragmentDefinitionNode,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { canSeeEvent } from '../events/event-visibility.js';
import { EventVisibility } from '../events/event.entity.js';

/**
 * What makes one live result differ between two viewers who may both see
 * the event. Fan-out executes an operation once per audience class: the
 * subscribers who agree on every viewer relation that execution consulted.
 *
 * A field is either viewer-neutral (the same for everyone who may see its
 * parent), a declared relation (its value is a yes/no fact about the viewer
 * and one id, answered for the whole audience by one query per kind), or
 * unknown — and a document with an unknown field is executed per subscriber.
 */
export type RelationKind = 'self' | 'follows' | 'followedBy' | 'connected' | 'thanked' | 'reshared' | 'seesEvent';

export interface Atom {
  kind: RelationKind;
  id: string;
}

/** Fields that read nothing about the viewer (their parent was already visible). */
const NEUTRAL = new Set([
  'Event.id', 'Event.kind', 'Event.createdAt', 'Event.depth', 'Event.actor', 'Event.subject', 'Event.subject2', 'Event.share',
  'Share.id', 'Share.title', 'Share.url', 'Share.note', 'Share.isReshare', 'Share.createdAt', 'Share.reshareCount',
  'Share.rippleSize', 'Share.thanksCount', 'Share.author', 'Share.sharer', 'Share.mentions', 'Share.resharedFrom',
  'Share.original', 'Share.event',
  'ShareAuthor.name', 'ShareAuthor.handle', 'ShareAuthor.url', 'ShareAuthor.person',
  'Person.id', 'Person.handle', 'Person.name', 'Person.avatarUrl', 'Person.headline', 'Person.bio', 'Person.links',
  'Person.createdAt', 'Person.followerCount', 'Person.followingCount',
  'ProfileLink.label', 'ProfileLink.url', 'ContactDetails.email', 'ContactDetails.phone',
]);

type Parent = Record<string, unknown>;
const id = (value: unknown) => (value === null || value === undefined ? [] : [String(value)]);

/** The relations each viewer-dependent field consults, from its parent object. */
const RELATIONS: Record<string, (parent: Parent) => Atom[]> = {
  'Person.isViewer': (p) => id(p.id).map((x) => ({ kind: 'self', id: x })),
  'Person.viewerFollows': (p) => id(p.id).map((x) => ({ kind: 'follows', id: x })),
  'Person.followsViewer': (p) => id(p.id).map((x) => ({ kind: 'followedBy', id: x })),
  'Person.isConnection': (p) => id(p.id).map((x) => ({ kind: 'connected', id: x })),
  'Person.contact': (p) => id(p.id).flatMap((x) => [{ kind: 'self', id: x }, { kind: 'connected', id: x }] as Atom[]),
  'Person.vcard': (p) => id(p.id).flatMap((x) => [{ kind: 'self', id: x }, { kind: 'connected', id: x }] as Atom[]),
  'Share.viewerThanked': (p) => id(p.id).map((x) => ({ kind: 'thanked', id: x })),
  'Share.viewerReshared': (p) => id(p.originalId).map((x) => ({ kind: 'reshared', id: x })),
  'Event.cause': (p) => id(p.causeId).map((x) => ({ kind: 'seesEvent', id: x })),
  'Event.root': (p) => (p.rootId === p.id ? [] : id(p.rootId).map((x) => ({ kind: 'seesEvent', id: x }))),
};

/** Where a class execution's context collects the relations it consulted. */
export const RELATION_TRACE = Symbol('viewer relations consulted');

const instrumented = new WeakSet<GraphQLSchema>();

/**
 * Wraps the resolver of every declared relation field so that, inside a
 * class execution (a context carrying RELATION_TRACE), it records which
 * relation it consulted. Outside fan-out it costs one property read.
 */
export function traceViewerRelations(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return;
  instrumented.add(schema);
  for (const [coordinate, atomsOf] of Object.entries(RELATIONS)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) continue;
    const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = (parent, args, context, info) => {
      const trace = (context as { [RELATION_TRACE]?: Atom[] } | null)?.[RELATION_TRACE];
      if (trace) trace.push(...atomsOf(parent as Parent));
      return resolve(parent, args, context, info);
    };
  }
}

/**
 * True when every field the document selects is neutral or a declared
 * relation, so one execution can serve a whole class of subscribers. The
 * subscription's root field itself is filtered per subscriber before
 * execution (who may see the event), so it counts as neutral.
 */
export function isShareableOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const typeInfo = new TypeInfo(schema);
  const subscription = schema.getSubscriptionType()?.name;
  let shareable = true;
  // Only what this operation selects: its own selection and the fragments it reaches.
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const reached = new Set<FragmentDefinitionNode>();
  const reach = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !reached.has(fragment)) {
          reached.add(fragment);
          reach(fragment);
        }
      },
    });
  reach(operation);
  const selected: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...reached] };
  visit(
    selected,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value === '__typename') return;
        if (parent.name === subscription) return;
        const coordinate = `${getNamedType(parent).name}.${node.name.value}`;
        if (!NEUTRAL.has(coordinate) && !(coordinate in RELATIONS)) shareable = false;
      },
    }),
  );
  return shareable;
}

/** One audience member, as far as relations go. */
export interface RelationSubject {
  personId: string;
}

/**
 * The truth of relation atoms for a whole audience, fetched with one query
 * per relation kind and batch of new ids (never one per subscriber).
 */
export class RelationTable {
  private readonly truths = new Set<string>();
  private readonly asked = new Map<RelationKind, Set<string>>();
  private readonly eventAccess = new Map<string, { visibility: EventVisibility; audience: string[] }>();

  constructor(
    private readonly em: EntityManager,
    private readonly audience: readonly RelationSubject[],
  ) {}

  /** Fetches whatever of `atoms` has not been asked yet. */
  async load(atoms: readonly Atom[]): Promise<void> {
    const fresh = new Map<RelationKind, string[]>();
    for (const atom of atoms) {
      const asked = this.asked.get(atom.kind) ?? new Set<string>();
      this.asked.set(atom.kind, asked);
      if (asked.has(atom.id)) continue;
      asked.add(atom.id);
      fresh.set(atom.kind, [...(fresh.get(atom.kind) ?? []), atom.id]);
    }
    const people = bigintArray([...new Set(this.audience.map((m) => m.personId))]);
    for (const [kind, ids] of fresh) {
      if (kind === 'self') continue;
      if (kind === 'seesEvent') {
        const rows = await this.em.execute<{ id: string; visibility: EventVisibility; audience: unknown[] }[]>(
          `select id, visibility, audience from event where id = any(?::bigint[])`,
          [bigintArray(ids)],
        );
        for (const row of rows) this.eventAccess.set(String(row.id), { visibility: row.visibility, audience: (row.audience ?? []).map(String) });
        continue;
      }
      const rows = await this.em.execute<{ who: string; what: string }[]>(RELATION_SQL[kind], [people, bigintArray(ids)]);
      for (const row of rows) this.truths.add(`${kind}:${row.who}:${row.what}`);
    }
  }

  holds(subject: RelationSubject, atom: Atom): boolean {
    if (atom.kind === 'self') return subject.personId === atom.id;
    if (atom.kind === 'seesEvent') {
      const event = this.eventAccess.get(atom.id);
      return event !== undefined && canSeeEvent(subject.personId, event);
    }
    return this.truths.has(`${atom.kind}:${subject.personId}:${atom.id}`);
  }

  /** Whether two subjects answer every one of `atoms` alike (then one execution serves both). */
  agree(a: RelationSubject, b: RelationSubject, atoms: readonly Atom[]): boolean {
    return a.personId === b.personId || atoms.every((atom) => this.holds(a, atom) === this.holds(b, atom));
  }
}

/** For each kind: (viewer, id) pairs that hold, among the audience (first parameter) and the ids (second). */
const RELATION_SQL: Record<Exclude<RelationKind, 'self' | 'seesEvent'>, string> = {
  follows: `select follower_id::text as who, followee_id::text as what from follow where follower_id = any(?::bigint[]) and followee_id = any(?::bigint[])`,
  followedBy: `select followee_id::text as who, follower_id::text as what from follow where followee_id = any(?::bigint[]) and follower_id = any(?::bigint[])`,
  connected: `with v as (select ?::bigint[] as who, ?::bigint[] as what)
    select c.person_a_id::text as who, c.person_b_id::text as what from connection c, v where c.person_a_id = any(v.who) and c.person_b_id = any(v.what)
    union all
    select c.person_b_id::text, c.person_a_id::text from connection c, v where c.person_b_id = any(v.who) and c.person_a_id = any(v.what)`,
  thanked: `select person_id::text as who, share_id::text as what from share_thanks where person_id = any(?::bigint[]) and share_id = any(?::bigint[])`,
  reshared: `select distinct sharer_id::text as who, original_id::text as what from share
    where sharer_id = any(?::bigint[]) and reshare_of_id is not null and original_id = any(?::bigint[])`,
};
