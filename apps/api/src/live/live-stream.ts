import { Repeater } from '@repeaterjs/repeater';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NodeTypeName } from '../graphql/relay.js';
import { createLoaders, type Context } from '../graphql/context.js';
import type { EventRow } from './event-bus.js';
import { hubFor, resumeError, type LiveTable, type Member } from './fanout-hub.js';
import { executeForViewer, socketDeliveryOf } from './socket-delivery.js';

/**
 * The subscription resume protocol (see live/PROTOCOL.md): a stream first
 * replays every matching row after `since` that the viewer may see, in id
 * order, then delivers live rows, skipping any id it already sent: no gap,
 * no duplicate. Without `since` it starts at "now".
 */
export interface StreamSpec<T extends { id: string }> {
  /** The node type of the streamed rows, so `resumeAfter` is a cursor the client can send back. */
  type: NodeTypeName;
  /** Which log the rows come from. */
  table: LiveTable;
  /** Where a live stream starts without `since`. */
  startAfter(): string;
  /** Rows after `afterId` that belong to this stream and that the viewer may see, oldest first. */
  replay(em: EntityManager, afterId: string, limit: number): Promise<T[]>;
  /** The same test for one live row, in memory (it runs for every subscriber on every row). */
  accepts(row: EventRow): boolean;
  /** The root value a live row is executed with. */
  toItem(em: EntityManager, row: EventRow): T;
  /** Ends the stream when the viewer's session has ended (signed out, or expired). */
  sessionEnded(): boolean;
}

const REPLAY_PAGE = 200;
/** setTimeout's ceiling (about 24.8 days); a session lasting longer is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A Repeater rather than an async generator: when the client completes the
 * subscription or its socket closes, `return()` ends the stream at once and
 * frees its place in the hub, even while it is waiting for the next row.
 *
 * Over WebSocket (a socket delivery attached) the stream itself yields
 * nothing: it writes its replay to the socket, then hands itself to the
 * fan-out hub, which executes once per audience class and writes the same
 * bytes to every member. Without one, rows are yielded for graphql-js to
 * execute per subscriber.
 */
export function liveStream<T extends { id: string }>(ctx: Context, since: string | null, spec: StreamSpec<T>): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const hub = hubFor(ctx);
    const delivery = socketDeliveryOf(ctx);
    let stopped = false;
    const member: Member = {
      ctx,
      personId: ctx.viewer?.person.id ?? '',
      type: spec.type,
      accepts: (row) => spec.accepts(row),
      toItem: (c, row) => spec.toItem(c.em, row),
      sessionEnded: () => spec.sessionEnded(),
      delivery,
      mode: 'self',
      last: since ?? spec.startAfter(),
      pending: [],
      overflowed: false,
      wake: () => {},
      end: (error) => {
        stopped = true;
        stop(error);
      },
    };
    // Joined before reading the past, so nothing committed meanwhile is lost.
    const leave = hub.join(spec.table, member);
    void stop.then(() => {
      stopped = true;
      member.wake();
    });
    // The bus re-reads this session's expiry before each batch of rows; a
    // timer ends a quiet stream at the expiry too, not at its next event.
    const session = ctx.viewer?.expiresAt ? { sessionId: ctx.viewer.sessionId, expiresAt: ctx.viewer.expiresAt } : null;
    const unwatch = session ? ctx.live.watchSession(session.sessionId, session.expiresAt) : () => {};
    let expiryTimer: NodeJS.Timeout | undefined;
    const armExpiryTimer = () => {
      clearTimeout(expiryTimer);
      const expiresAt = session && ctx.live.sessionExpiresAt(session.sessionId);
      if (expiresAt === undefined || expiresAt === null) return;
      expiryTimer = setTimeout(() => member.wake(), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
      expiryTimer.unref();
    };

    const deliver = async (item: T) => {
      if (delivery) {
        const payload = await hub.budget.run(() => executeForViewer(ctx, delivery, item));
        if (!stopped) hub.send(member, item.id, payload);
      } else {
        // graphql-js executes the selection: give it a fresh identity map and loaders.
        ctx.em.clear();
        ctx.loaders = createLoaders(ctx.em, ctx.viewer);
        member.last = item.id;
        await push(item);
      }
    };
    try {
      // Without `since` there is nothing to replay: every row after "now" reaches the hub.
      if (since !== null) {
        for (;;) {
          const page = await hub.budget.run(() => spec.replay(ctx.em, member.last, REPLAY_PAGE));
          ctx.em.clear();
          for (const item of page) {
            if (stopped) return;
            if (spec.sessionEnded()) return stop();
            await deliver(item);
          }
          if (page.length < REPLAY_PAGE) break;
        }
      }
      while (!stopped) {
        if (spec.sessionEnded()) return stop();
        if (member.overflowed) {
          return stop(resumeError(spec.type, member.last, 'This subscription fell too far behind. Resubscribe with the last cursor you received.'));
        }
        const row = member.pending.shift();
        if (!row) {
          // Caught up: over a socket the hub takes over from here, and the
          // operation's own identity map and loaders are let go (memory per subscriber).
          if (delivery && member.mode === 'self') {
            member.mode = 'fanout';
            hub.release(ctx);
          }
          armExpiryTimer();
          await new Promise<void>((resolve) => (member.wake = resolve));
          continue;
        }
        if (BigInt(row.id) <= BigInt(member.last)) continue;
        if (!spec.accepts(row)) continue;
        await deliver(spec.toItem(ctx.em, row));
      }
    } catch (error) {
      stop(error);
    } finally {
      clearTimeout(expiryTimer);
      unwatch();
      leave();
    }
  });
}
