import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { Logger } from '../config/logger.js';
import { COMMIT_HORIZON_SQL, EVENT_CHANNEL } from '../events/event-log.js';
import { NOTIFICATION_CHANNEL } from '../notifications/notify.js';

/** A session ended (signed out): streams of that session stop at their next event. */
export const SESSION_CHANNEL = 'ripple_sessions';

export interface EventRow {
  id: string;
  [column: string]: unknown;
}

type Listener = (row: EventRow) => void;

/** A wake-up on one of the channels above (or EVENT_CHANNEL / NOTIFICATION_CHANNEL); the payload is a row id. */
export type Wake = (channel: string, payload: string) => void;

/**
 * How instances wake one another when rows commit. Only a wake-up: the bus
 * always reads the rows themselves from PostgreSQL by cursor, so a wake-up
 * lost or doubled changes nothing but latency. PostgreSQL LISTEN/NOTIFY is
 * the zero-setup default; Redis pub/sub (redis-bus.ts) with REDIS_URL.
 */
export interface Wakeups {
  /** Starts receiving; `resumed` is called after any gap in which wake-ups may have been missed. */
  start(wake: Wake, resumed: () => void): Promise<void>;
  /** Called each time the bus's PostgreSQL connection is (re)opened. */
  attach(client: pg.Client): Promise<void>;
  stop(): Promise<void>;
}

/** LISTEN on the bus's own connection; writes call pg_notify in their transaction (delivered on commit). */
export class PostgresWakeups implements Wakeups {
  private wake: Wake = () => {};

  async start(wake: Wake): Promise<void> {
    this.wake = wake;
  }

  async attach(client: pg.Client): Promise<void> {
    client.on('notification', (message) => this.wake(message.channel, message.payload ?? ''));
    await client.query(`listen ${EVENT_CHANNEL}; listen ${NOTIFICATION_CHANNEL}; listen ${SESSION_CHANNEL}`);
  }

  async stop(): Promise<void> {}
}

/**
 * One per API instance: woken when rows commit (Wakeups: PostgreSQL LISTEN,
 * or Redis), it reads them from PostgreSQL and fans committed events and
 * notifications out to this instance's subscribers.
 *
 * A NOTIFY is only a wake-up call: the bus then reads every row with an id
 * above the last one it saw and below the commit horizon, in id order. Below
 * the horizon every writing transaction has ended (see event-log.ts and
 * PROTOCOL.md, "Ordering"), so this read has no gaps. A committed row above
 * the horizon waits for the older transactions still running: the bus
 * looks again shortly, without waiting for another wake-up.
 * The same read runs after the LISTEN connection drops and comes back, so
 * nothing committed in between is lost.
 */
export class EventBus {
  private client: pg.Client | null = null;
  private stopped = false;
  private reconnectDelay = 100;
  private readonly tables = {
    event: { lastSeen: '0', listeners: new Set<Listener>() },
    notification: { lastSeen: '0', listeners: new Set<Listener>() },
  };
  /** Reads of both tables, one after another: they share one client, which runs one query at a time anyway. */
  private reading = Promise.resolve();
  /**
   * Sessions ended lately (their rows are gone). Only needed until the
   * sessions cache forgets them (seconds) and every watched stream has
   * re-read its session before its next batch, so bounded: every sign-out
   * of a long-running instance would otherwise stay here for good.
   */
  private readonly endedSessions = new LRUCache<string, true>({ max: 100_000, ttl: 15 * 60_000 });
  /** Sessions with live streams on this instance: when each expires (as last read), and how many streams ride on it. */
  private readonly watchedSessions = new Map<string, { expiresAt: number; streams: number }>();
  /** `session_epoch.n` when every watched session was last re-read (Migration20261214000000SessionEpoch). */
  private sessionsEpoch: string | null = null;
  /** Sessions watched since then: re-read with the next batch even if the epoch has not moved. */
  private readonly unreadSessions = new Set<string>();

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private readonly wakeups: Wakeups = new PostgresWakeups(),
  ) {}

  private safetyNet: NodeJS.Timeout | undefined;

  async start(): Promise<void> {
    await this.wakeups.start(
      (channel, payload) => this.wake(channel, payload),
      () => {
        this.catchUp('event');
        this.catchUp('notification');
      },
    );
    await this.connect();
    // A NOTIFY can be missed while the listener reconnects; a cheap periodic read closes that gap.
    this.safetyNet = setInterval(() => {
      this.catchUp('event');
      this.catchUp('notification');
    }, 5_000);
    this.safetyNet.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.safetyNet);
    await this.wakeups.stop().catch(() => {});
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  /** The newest event id this instance has delivered: "now" for a stream without `since`. */
  get lastEventId(): string {
    return this.tables.event.lastSeen;
  }

  get lastNotificationId(): string {
    return this.tables.notification.lastSeen;
  }

  onEvent(listener: Listener): () => void {
    this.tables.event.listeners.add(listener);
    return () => this.tables.event.listeners.delete(listener);
  }

  onNotification(listener: Listener): () => void {
    this.tables.notification.listeners.add(listener);
    return () => this.tables.notification.listeners.delete(listener);
  }

  /** How many live streams this instance is feeding (for tests and metrics). */
  get streamCount(): number {
    return this.tables.event.listeners.size + this.tables.notification.listeners.size;
  }

  /** Signed out, or past its expiry (as last read from the database). */
  isSessionEnded(sessionId: string): boolean {
    if (this.endedSessions.has(sessionId)) return true;
    const watched = this.watchedSessions.get(sessionId);
    return watched !== undefined && watched.expiresAt <= Date.now();
  }

  /** When a watched session expires, as last read (ms since the epoch); undefined if not watched. */
  sessionExpiresAt(sessionId: string): number | undefined {
    return this.watchedSessions.get(sessionId)?.expiresAt;
  }

  /**
   * A live stream rides on this session until the returned function is
   * called. Before each batch of new rows is delivered, the watched
   * sessions are checked as a set, not per stream (`recheckSessions`), so a
   * session whose expiry moved into the past, or that was deleted, delivers
   * nothing more.
   */
  watchSession(sessionId: string, expiresAt: Date): () => void {
    const watched = this.watchedSessions.get(sessionId);
    if (watched) watched.streams++;
    else {
      this.watchedSessions.set(sessionId, { expiresAt: expiresAt.getTime(), streams: 1 });
      this.unreadSessions.add(sessionId);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const entry = this.watchedSessions.get(sessionId);
      if (entry && --entry.streams === 0) {
        this.watchedSessions.delete(sessionId);
        this.unreadSessions.delete(sessionId);
      }
    };
  }

  /**
   * Re-reads the watched sessions before a batch of rows is delivered:
   * all of them when `epoch` (read with the rows, in their snapshot) says a
   * session ended in the database since the last time, otherwise only those
   * watched since. Sends each with the expiry this instance knows and reads
   * back only those deleted or changed. (Returning every expiry of 5,000
   * watched sessions took 15-20 ms in front of every fan-out; probing them
   * all, 8-10 ms. bench/live.bench.ts.)
   */
  private async recheckSessions(client: pg.Client, epoch: string): Promise<void> {
    const all = epoch !== this.sessionsEpoch;
    const ids: string[] = [];
    const known: number[] = [];
    for (const id of all ? this.watchedSessions.keys() : this.unreadSessions) {
      const entry = this.watchedSessions.get(id);
      if (!entry) continue;
      ids.push(id);
      known.push(entry.expiresAt);
    }
    if (ids.length > 0) {
      const { rows } = await client.query<{ id: string; expires_ms: number | null }>(
        `select w.id::text, s.expires_ms
           from unnest($1::bigint[], $2::float8[]) as w(id, known)
           left join lateral (select (extract(epoch from expires_at) * 1000)::float8 as expires_ms from session where id = w.id) s on true
          where s.expires_ms is distinct from w.known`,
        [ids, known],
      );
      for (const row of rows) {
        const entry = this.watchedSessions.get(row.id);
        if (entry) entry.expiresAt = row.expires_ms === null ? -Infinity : Number(row.expires_ms); // gone: ended
      }
    }
    // Only what was read is done: a session watched during the query is read with the next batch.
    for (const id of ids) this.unreadSessions.delete(id);
    if (all) this.sessionsEpoch = epoch;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'ripple-listener' });
    client.on('error', (error) => this.log.warn({ err: error }, 'event listener connection failed'));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      if (!this.stopped) this.scheduleReconnect();
    });
    await client.connect();
    await this.wakeups.attach(client);
    this.client = client;
    this.reconnectDelay = 100;
    if (this.tables.event.lastSeen === '0') {
      // First start: "now" is the newest row below the commit horizon (rows above it may still have older ones to come).
      const { rows } = await client.query(
        `select (select coalesce(max(id), 0) from event where id < ${COMMIT_HORIZON_SQL})::text as event,
                (select coalesce(max(id), 0) from notification where id < ${COMMIT_HORIZON_SQL})::text as notification`,
      );
      this.tables.event.lastSeen = rows[0].event;
      this.tables.notification.lastSeen = rows[0].notification;
    } else {
      // Back after a drop: deliver whatever committed meanwhile.
      this.catchUp('event');
      this.catchUp('notification');
    }
  }

  private wake(channel: string, payload: string) {
    if (channel === EVENT_CHANNEL) this.catchUp('event');
    else if (channel === NOTIFICATION_CHANNEL) this.catchUp('notification');
    else if (channel === SESSION_CHANNEL && payload) this.endedSessions.set(payload, true);
  }

  private scheduleReconnect() {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, 5_000);
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error) => {
        this.log.warn({ err: error, retryInMs: this.reconnectDelay }, 'event listener could not reconnect');
        this.scheduleReconnect();
      });
    }, delay).unref();
  }

  private readonly retryTimers: Partial<Record<'event' | 'notification', NodeJS.Timeout>> = {};

  /** Rows wait above the horizon for an older transaction to end: read again in a moment. */
  private retrySoon(table: 'event' | 'notification') {
    if (this.retryTimers[table] || this.stopped) return;
    this.retryTimers[table] = setTimeout(() => {
      delete this.retryTimers[table];
      this.catchUp(table);
    }, 20);
    this.retryTimers[table].unref();
  }

  /** Reads and delivers every row above the last seen id and below the horizon; one read at a time per table. */
  private catchUp(table: 'event' | 'notification') {
    const state = this.tables[table];
    this.reading = this.reading.then(async () => {
      const client = this.client;
      if (!client) return;
      for (;;) {
        // One statement, one snapshot: the horizon and the rows below it are read together.
        const { rows } = await client.query<EventRow & { above_horizon?: boolean; sessions_epoch?: string }>(
          `select t.*, t.id >= ${COMMIT_HORIZON_SQL} as above_horizon, (select n::text from session_epoch) as sessions_epoch
             from ${table} t where t.id > $1 order by t.id limit 500`,
          [state.lastSeen],
        );
        const blocked = rows.findIndex((row) => row.above_horizon);
        if (blocked >= 0) {
          rows.length = blocked;
          this.retrySoon(table);
        }
        if (rows.length > 0) await this.recheckSessions(client, rows[0]!.sessions_epoch!);
        for (const row of rows) {
          delete row.above_horizon;
          delete row.sessions_epoch;
          const normalised = normaliseRow(row);
          state.lastSeen = normalised.id;
          for (const listener of state.listeners) listener(normalised);
        }
        if (blocked >= 0 || rows.length < 500) return;
      }
    }).catch((error) => this.log.warn({ err: error }, `reading new ${table} rows failed; will retry on the next signal`));
  }
}

/** node-postgres gives bigint columns as strings and bigint[] as string arrays: keep ids as strings. */
function normaliseRow(row: EventRow): EventRow {
  return { ...row, id: String(row.id) };
}
