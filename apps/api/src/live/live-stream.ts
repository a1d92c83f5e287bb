import { GraphQLError } from 'graphql';
import { Repeater } from '@repeaterjs/repeater';
import { toGlobalId, type NodeTypeName } from '../graphql/relay.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders, type Context } from '../graphql/context.js';
import type { EventRow } from './event-bus.js';

/**
 * The subscription resume protocol (see live/PROTOCOL.md): a stream first
 * replays every matching row after `since` that the viewer may see, in id
 * order, then delivers live rows, skipping any id it already sent: no gap,
 * no duplicate. Without `since` it starts at "now".
 */
export interface StreamSpec<T extends { id: string }> {
  /** The node type of the streamed rows, so `resumeAfter` is a cursor the client can send back. */
  type: NodeTypeName;
  /** Where the bus delivers live rows, and where a live stream starts without `since`. */
  subscribe(listener: (row: EventRow) => void): () => void;
  startAfter(): string;
  /** Rows after `afterId` that belong to this stream and that the viewer may see, oldest first. */
  replay(em: EntityManager, afterId: string, limit: number): Promise<T[]>;
  /** The same test, for one live row; null when it does not belong or may not be seen. */
  accept(em: EntityManager, row: EventRow): T | null | Promise<T | null>;
  /** Ends the stream when the viewer's session has ended (signed out, or expired). */
  sessionEnded(): boolean;
}

/** Live rows a slow client may have waiting; past this it is dropped and must resume by cursor. */
const MAX_BUFFERED = 1_000;
const REPLAY_PAGE = 200;
/** setTimeout's ceiling (about 24.8 days); a session lasting longer is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A Repeater rather than an async generator: when the client completes the
 * subscription or its socket closes, `return()` ends the stream at once and
 * frees its bus listener, even while it is waiting for the next row.
 */
export function liveStream<T extends { id: string }>(ctx: Context, since: string | null, spec: StreamSpec<T>): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const buffered: EventRow[] = [];
    let wake: () => void = () => {};
    let overflowed = false;
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake();
    });
    const unsubscribe = spec.subscribe((row) => {
      if (buffered.length >= MAX_BUFFERED) overflowed = true;
      else buffered.push(row);
      wake();
    });
    // The bus re-reads this session's expiry before each batch of rows; a
    // timer ends a quiet stream at the expiry too, not at its next event.
    const session = ctx.viewer?.expiresAt ? ctx.viewer : null;
    const unwatch = session ? ctx.live.watchSession(session.sessionId, session.expiresAt!) : () => {};
    let expiryTimer: NodeJS.Timeout | undefined;
    const armExpiryTimer = () => {
      clearTimeout(expiryTimer);
      const expiresAt = session && ctx.live.sessionExpiresAt(session.sessionId);
      if (expiresAt === undefined || expiresAt === null) return;
      expiryTimer = setTimeout(() => wake(), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
      expiryTimer.unref();
    };
    // Each delivered item is resolved with a fresh identity map and fresh loaders.
    const deliver = async (item: T) => {
      ctx.em.clear();
      ctx.loaders = createLoaders(ctx.em, ctx.viewer);
      await push(item);
    };
    try {
      let last = since ?? spec.startAfter();
      for (;;) {
        const page = await spec.replay(ctx.em, last, REPLAY_PAGE);
        for (const item of page) {
          if (stopped) return;
          if (spec.sessionEnded()) return stop();
          last = item.id;
          await deliver(item);
        }
        if (page.length < REPLAY_PAGE) break;
      }
      while (!stopped) {
        if (spec.sessionEnded()) return stop();
        if (overflowed) {
          return stop(
            new GraphQLError('This subscription fell too far behind. Resubscribe with the last cursor you received.', {
              extensions: { code: 'RATE_LIMITED', resumeAfter: toGlobalId(spec.type, last) },
            }),
          );
        }
        const row = buffered.shift();
        if (!row) {
          armExpiryTimer();
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (BigInt(row.id) <= BigInt(last)) continue;
        if (spec.sessionEnded()) return stop();
        const item = await spec.accept(ctx.em, row);
        if (!item) continue;
        last = item.id;
        await deliver(item);
      }
    } catch (error) {
      stop(error);
    } finally {
      clearTimeout(expiryTimer);
      unwatch();
      unsubscribe();
    }
  });
}
