import type { GraphQLError } from 'graphql';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { createLoaders, type Context } from '../graphql/context.js';
import { PersonEntity } from '../people/person.entity.js';
import { toGlobalId, type NodeTypeName } from '../graphql/relay.js';
import { AppError } from '../graphql/errors.js';
import type { EventBus, EventRow } from './event-bus.js';
import { ReadBudget } from './read-budget.js';
import { executeForViewer, nextMessage, type SocketDelivery } from './socket-delivery.js';
import { RelationTable, type Atom } from './viewer-relations.js';

export type LiveTable = 'event' | 'notification';

/**
 * One subscription as the hub sees it. It starts in `self` mode (it replays
 * and takes the rows that arrive meanwhile from its own `pending` queue);
 * a subscription with a socket delivery then switches to `fanout`, where
 * the hub executes and writes for it.
 */
export interface Member {
  ctx: Context;
  personId: string;
  type: NodeTypeName;
  /** Cheap, in memory: does this row belong to the stream, and may the viewer see it? */
  accepts(row: EventRow): boolean;
  /** The root value a row executes with. */
  toItem(ctx: Context, row: EventRow): unknown;
  sessionEnded(): boolean;
  delivery: SocketDelivery | undefined;
  mode: 'self' | 'fanout';
  /** The newest id sent: rows at or below it are never sent again. */
  last: string;
  pending: EventRow[];
  overflowed: boolean;
  wake(): void;
  /** Ends the stream: completes it, or errors it (the client resumes with `since`). */
  end(error?: GraphQLError): void;
}

/** Live rows a subscription in `self` mode may have waiting; past this it is ended and must resume by cursor. */
export const MAX_PENDING = 1_000;
/** Rows the hub may have waiting; past this every fan-out stream is ended with its resume cursor. */
const MAX_BACKLOG = 1_000;
/** A slow consumer's close code: resubscribe with `since` (not a fatal code for graphql-ws clients). */
export const SLOW_CONSUMER_CLOSE = 4008;

/** An AppError, so that error masking keeps `resumeAfter` (a plain GraphQLError keeps only its code). */
export function resumeError(type: NodeTypeName, last: string, message: string): GraphQLError {
  return new AppError('RATE_LIMITED', message, { resumeAfter: toGlobalId(type, last) });
}

/**
 * One per API instance (per EventBus): the fan-out of live rows to this
 * instance's subscriptions. For each row, in id order: filter who may see
 * it (in memory, from the row), group the rest by operation, execute each
 * operation once per audience class, serialise once, write the same bytes
 * to every member of the class.
 */
export class FanoutHub {
  readonly budget: ReadBudget;
  private readonly members: Record<LiveTable, Set<Member>> = { event: new Set(), notification: new Set() };
  private backlog = 0;
  /** Sockets dropped for not reading (for tests and metrics). */
  slowConsumersDropped = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: EventBus,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.budget = new ReadBudget(config.LIVE_READ_CONCURRENCY);
  }

  /**
   * A subscription the hub executes for keeps only its viewer (as a plain,
   * unmanaged copy) and ids: its EntityManager fork, identity map and
   * DataLoaders are swapped for the hub's one idle set (each execution
   * forks and builds its own anyway), so they can be collected.
   */
  release(ctx: Context): void {
    if (!this.idle) {
      const em = ctx.em.fork();
      this.idle = { em, loaders: createLoaders(em, null) };
    }
    if (ctx.viewer) {
      const person = Object.assign(new PersonEntity(), ctx.viewer.person);
      ctx.viewer = { ...ctx.viewer, person };
    }
    ctx.em = this.idle.em;
    ctx.loaders = this.idle.loaders;
  }

  private idle: { em: Context['em']; loaders: Context['loaders'] } | undefined;

  join(table: LiveTable, member: Member): () => void {
    const members = this.members[table];
    members.add(member);
    // One bus listener per stream, so the bus's `streamCount` still counts
    // streams; the first listener to see a row hands it to the hub, the
    // rest see the same row object and do nothing.
    const listen = table === 'event' ? this.bus.onEvent.bind(this.bus) : this.bus.onNotification.bind(this.bus);
    const unsubscribe = listen((row) => {
      if (this.lastRow[table] === row) return;
      this.lastRow[table] = row;
      this.arrived(table, row);
    });
    return () => {
      members.delete(member);
      unsubscribe();
    };
  }

  private readonly lastRow: Partial<Record<LiveTable, EventRow>> = {};

  /** Called synchronously by the bus for each row, in id order. */
  private arrived(table: LiveTable, row: EventRow) {
    let fanout = false;
    for (const member of this.members[table]) {
      if (member.mode === 'fanout') {
        fanout = true;
        continue;
      }
      if (member.pending.length >= MAX_PENDING) member.overflowed = true;
      else member.pending.push(row);
      member.wake();
    }
    if (!fanout) return;
    if (this.backlog >= MAX_BACKLOG) {
      // Too far behind to catch up in memory: everyone resumes by cursor instead.
      for (const member of this.members[table]) {
        if (member.mode === 'fanout') member.end(resumeError(member.type, member.last, 'Live delivery fell too far behind. Resubscribe with the last cursor you received.'));
      }
      return;
    }
    this.backlog++;
    this.queue = this.queue
      .then(() => this.deliver(table, row))
      .catch((error) => this.log.warn({ err: error, table, id: row.id }, 'live fan-out of a row failed'))
      .finally(() => this.backlog--);
  }

  private async deliver(table: LiveTable, row: EventRow) {
    const id = BigInt(row.id);
    const groups = new Map<string, Member[]>();
    for (const member of this.members[table]) {
      if (member.mode !== 'fanout' || id <= BigInt(member.last)) continue;
      // Authorization for this event: the bus re-read every watched session's
      // expiry (one query for the whole audience) before handing the row over.
      if (member.sessionEnded()) {
        member.end();
        continue;
      }
      if (!member.accepts(row)) continue;
      const key = member.delivery!.operationKey;
      const group = groups.get(key);
      if (group) group.push(member);
      else groups.set(key, [member]);
    }
    await Promise.all([...groups.values()].map((group) => this.deliverToGroup(group, row)));
  }

  /**
   * One operation, many subscribers: execute for one representative, learn
   * which viewer relations that consulted, ask those for the whole group
   * (one query per kind), send the bytes to everyone who answers them alike;
   * repeat for who is left. A document with fields of unknown viewer
   * dependence is executed per subscriber.
   */
  private async deliverToGroup(group: Member[], row: EventRow) {
    const shareable = group[0]!.delivery!.shareable;
    let remaining = group;
    const relations = new RelationTable(group[0]!.ctx.em.fork(), group);
    while (remaining.length > 0) {
      const representative = remaining[0]!;
      const trace: Atom[] = [];
      const payload = await this.budget.run(() =>
        executeForViewer(representative.ctx, representative.delivery!, representative.toItem(representative.ctx, row), shareable ? trace : undefined),
      );
      let same: Member[] = [representative];
      if (shareable) {
        await this.budget.run(() => relations.load(trace));
        same = remaining.filter((member) => relations.agree(member, representative, trace));
      }
      const served = new Set(same);
      remaining = remaining.filter((member) => !served.has(member));
      for (const member of same) this.send(member, row.id, payload);
    }
  }

  /** Writes one `next` message, or drops a socket that is not reading (never buffers without bound). */
  send(member: Member, id: string, payload: string): boolean {
    const delivery = member.delivery!;
    const socket = delivery.socket;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.config.LIVE_MAX_BUFFERED_BYTES) {
      // Said here, before the close: graphql-ws would write it only to an open socket.
      const reason = resumeError(member.type, member.last, 'This connection is not reading fast enough. Resubscribe with the last cursor you received.');
      socket.send(JSON.stringify({ id: delivery.operationId, type: 'error', payload: delivery.format([reason]) }));
      member.end();
      if (socket.readyState === socket.OPEN) this.slowConsumersDropped++;
      socket.close(SLOW_CONSUMER_CLOSE, 'Slow consumer: resubscribe with since');
      return false;
    }
    member.last = id;
    socket.send(nextMessage(delivery.operationId, payload));
    return true;
  }
}

const hubs = new WeakMap<EventBus, FanoutHub>();

/** This instance's hub, if any subscription has started (for tests and metrics). */
export function fanoutHubOf(bus: EventBus): FanoutHub | undefined {
  return hubs.get(bus);
}

export function hubFor(ctx: Context): FanoutHub {
  let hub = hubs.get(ctx.live);
  if (!hub) {
    hub = new FanoutHub(ctx.live, ctx.config, ctx.log);
    hubs.set(ctx.live, hub);
  }
  return hub;
}
