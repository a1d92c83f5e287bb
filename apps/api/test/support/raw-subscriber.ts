import WebSocket from 'ws';

/**
 * A graphql-transport-ws subscriber on a bare `ws` socket: records every
 * frame the server writes, and can stop reading (a slow consumer).
 */
export interface RawSubscriber {
  /** Every `next` payload, in order. */
  nexts: any[];
  /** Every `error` payload. */
  errors: any[];
  completed: boolean;
  closeCode: number | null;
  socket: WebSocket;
  /** Resolves once `count` nexts (or more) arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /** Resolves when the stream completed, errored or the socket closed. */
  ended(timeoutMs?: number): Promise<void>;
  /** Stops reading from the TCP socket (the kernel buffers fill, then the server's). */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function rawSubscribe(
  wsUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
  /** The same subscription this many times on the one socket (ids 1…copies). */
  copies = 1,
): Promise<RawSubscriber> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const subscriber: RawSubscriber = {
    nexts: [],
    errors: [],
    completed: false,
    closeCode: null,
    socket,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (subscriber.nexts.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${subscriber.nexts.length} of ${count} messages: ${JSON.stringify(subscriber.errors)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return subscriber.nexts;
    },
    async ended(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!subscriber.completed && subscriber.errors.length === 0 && subscriber.closeCode === null) {
        if (Date.now() > deadline) throw new Error('the stream did not end');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    pause: () => (socket as unknown as { _socket: { pause(): void } })._socket.pause(),
    resume: () => (socket as unknown as { _socket: { resume(): void } })._socket.resume(),
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    },
  };
  let acked!: () => void;
  const ack = new Promise<void>((resolve) => (acked = resolve));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type === 'connection_ack') acked();
    else if (message.type === 'next') subscriber.nexts.push(copies === 1 ? message.payload : { id: message.id, ...message.payload });
    else if (message.type === 'error') subscriber.errors.push(message.payload);
    else if (message.type === 'complete') subscriber.completed = true;
  });
  socket.on('close', (code) => (subscriber.closeCode = code));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await ack;
  for (let copy = 1; copy <= copies; copy++) {
    socket.send(JSON.stringify({ id: String(copy), type: 'subscribe', payload: { query, variables, operationName } }));
  }
  return subscriber;
}
