import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import pg from 'pg';
import type { TestApi } from '../../support/test-api.js';

/** What the graphql-ws protocol uses; the server closes any other with 4406. */
export const SUBPROTOCOL = 'graphql-transport-ws';

export interface FormattedError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: unknown[];
  [key: string]: unknown;
}

/** Everything one operation produced: `next` payloads, an `error` message, or the socket's close. */
export interface WsOutcome {
  nexts: { data?: unknown; errors?: FormattedError[] }[];
  /** The `error` message's payload, if the server answered with one. */
  errors: FormattedError[] | null;
  /** Set when the socket closed (or failed) instead. */
  closeCode: number | null;
  completed: boolean;
}

export interface WsOptions {
  /** Sent as `connectionParams.authorization: Bearer <token>`. */
  token?: string;
  /** Headers on the HTTP upgrade (Origin, Cookie). */
  headers?: Record<string, string>;
}

/** A graphql-ws client as a real API client would use it (ws, Bearer token in connectionParams). */
export function wsClient(api: TestApi, options: WsOptions = {}, behaviour: { lazy?: boolean } = {}): Client {
  const headers = options.headers ?? {};
  class HeaderedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({
    url: api.wsUrl,
    webSocketImpl: HeaderedWebSocket,
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
    retryAttempts: 0,
    lazy: behaviour.lazy ?? true,
    // A non-lazy client reports connection problems here; `run` sees them through its sink.
    onNonLazyError: () => {},
    // Fail the test instead of waiting forever if the server never answers.
    connectionAckWaitTimeout: 5_000,
  });
}

/**
 * A client whose connection is already acknowledged, so that what the test
 * measures next (SQL statements, say) excludes the connect-time session check.
 */
export async function connectedClient(api: TestApi, options: WsOptions = {}): Promise<Client> {
  const client = wsClient(api, options, { lazy: false });
  await new Promise<void>((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      reject(new Error(`connection closed before ack: ${(event as { code?: number })?.code}`));
    });
  });
  return client;
}

/** Runs one operation over `client` and collects what came back. */
export function run(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsOutcome> {
  const outcome: WsOutcome = { nexts: [], errors: null, closeCode: null, completed: false };
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (value) => void outcome.nexts.push(value as WsOutcome['nexts'][number]),
        error: (error) => {
          if (Array.isArray(error)) outcome.errors = error as FormattedError[];
          else outcome.closeCode = (error as { code?: number })?.code ?? -1;
          resolve(outcome);
        },
        complete: () => {
          outcome.completed = true;
          resolve(outcome);
        },
      },
    );
  });
}

/** One operation on its own short-lived connection. */
export async function runOnce(
  api: TestApi,
  query: string,
  variables?: Record<string, unknown>,
  options: WsOptions = {},
): Promise<WsOutcome> {
  const client = wsClient(api, options);
  try {
    return await run(client, query, variables);
  } finally {
    await client.dispose();
  }
}

/**
 * A raw protocol-level socket: send any frame, read every message, await the close code.
 */
export interface RawSocket {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  /** Resolves with the first message of this type (already received or next). */
  nextMessage(type: string, id?: string): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function rawSocket(api: TestApi, options: { headers?: Record<string, string>; protocol?: string } = {}): Promise<RawSocket> {
  const socket = new WebSocket(api.wsUrl, options.protocol ?? SUBPROTOCOL, { headers: options.headers ?? {} });
  const messages: Record<string, unknown>[] = [];
  const waiters: { type: string; id?: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  const matches = (m: Record<string, unknown>, type: string, id?: string) => m.type === type && (id === undefined || m.id === id);
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(message);
    for (const w of waiters.splice(0)) {
      if (matches(message, w.type, w.id)) w.resolve(message);
      else waiters.push(w);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on('error', () => {}); // a refused upgrade also ends in 'close'
  });
  await new Promise<void>((resolve) => {
    socket.once('open', () => resolve());
    socket.once('close', () => resolve());
  });
  return {
    socket,
    messages,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    nextMessage: (type, id) => {
      const seen = messages.find((m) => matches(m, type, id));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ type, id, resolve }));
    },
    closed,
  };
}

/** The upgrade's outcome: 101 accepted, or the HTTP status it was refused with. */
export function upgradeStatus(api: TestApi, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(api.wsUrl, SUBPROTOCOL, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    socket.once('error', (error) => reject(error));
  });
}

/**
 * Holds every session lookup (and so every operation's context) until
 * released, by locking the `session` table from another connection. The
 * operations already admitted stay in flight meanwhile, which is how a
 * test holds queries and mutations open while nothing is long-running yet.
 */
export async function holdSessionLookups(api: TestApi): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: api.orm.config.get('clientUrl') });
  await client.connect();
  await client.query('begin');
  await client.query('lock table session in access exclusive mode');
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('rollback');
      await client.end();
    },
  };
}

/** Statements of this database waiting on a lock right now. */
export async function waitingOnLocks(api: TestApi): Promise<number> {
  const [row] = await api.db<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return row!.n;
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | false | null | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
