/**
 * Resuming a live list after a lost connection (apps/api/src/live/PROTOCOL.md,
 * "The client's side"): keep the id of every item a subscription delivers
 * and, on each (re)subscribe, ask for what came after it (`since`).
 *
 * graphql-ws re-sends an active subscription's payload by itself when it
 * reconnects, serialising it anew each time. So the payload built here reads
 * `since` through a getter: every re-send carries the last id received, and
 * no page has to know the socket dropped.
 */

export interface SubscriptionRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

export interface ResumableRequest {
  /** What to hand to graphql-ws; its `variables.since` is always the latest cursor. */
  payload: SubscriptionRequest;
  /** Call with each result: its item's id becomes the cursor. */
  received(result: { data?: unknown }): void;
  /** The cursor a resubscribe would send now. */
  readonly since: string | null;
}

/** Whether the operation declares a `$since` variable (only those can resume). */
export function takesSince(query: string): boolean {
  return /\$since\s*:/.test(query);
}

/**
 * The id of the item in a subscription result: every live field returns one
 * node (an Event or a Notification) under a single root field.
 */
export function itemIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const [root] = Object.values(data as Record<string, unknown>);
  if (typeof root !== 'object' || root === null) return null;
  const id = (root as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

export function resumable(request: SubscriptionRequest): ResumableRequest {
  const initial = request.variables?.since;
  let since: string | null = typeof initial === 'string' ? initial : null;
  const resumes = takesSince(request.query);
  const payload: SubscriptionRequest = {
    query: request.query,
    ...(request.operationName ? { operationName: request.operationName } : {}),
    ...(request.extensions ? { extensions: request.extensions } : {}),
    get variables() {
      return resumes ? { ...request.variables, since } : request.variables;
    },
  };
  return {
    payload,
    received(result) {
      const id = itemIdOf(result.data);
      if (id) since = id;
    },
    get since() {
      return since;
    },
  };
}

/**
 * A stream the server ended because this client fell too far behind
 * (RATE_LIMITED): the answer is to resubscribe from the last cursor.
 */
export function fellBehind(errors: unknown): boolean {
  const list = Array.isArray(errors) ? errors : [errors];
  return list.some(
    (e) => typeof e === 'object' && e !== null && (e as { extensions?: { code?: unknown } }).extensions?.code === 'RATE_LIMITED',
  );
}

/** Waits between reconnect attempts: 1 s, 2 s, 4 s … capped at 10 s, with jitter. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  return Math.min(10_000, 1_000 * 2 ** attempt) + Math.floor(random() * 500);
}
