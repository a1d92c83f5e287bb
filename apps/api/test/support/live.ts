import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws subscription that records every message, for tests that
 * compare what a person receives. `next(n)` waits for the n-th message.
 */
export interface Recorder {
  messages: any[];
  /** Resolves once at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /** Resolves when the server completes the stream. */
  completed: Promise<void>;
  close(): Promise<void>;
}

export function record(wsUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Recorder {
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const messages: any[] = [];
  const waiters: (() => void)[] = [];
  let failure: unknown = null;
  let onComplete!: () => void;
  const completed = new Promise<void>((resolve) => (onComplete = resolve));
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (message) => {
        messages.push(message);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        failure = error;
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => onComplete(),
    },
  );
  return {
    messages,
    completed,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
        if (Date.now() > deadline) throw new Error(`only ${messages.length} of ${count} messages arrived: ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages.slice(0, count);
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
