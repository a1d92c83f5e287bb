import WebSocket from 'ws';

/**
 * The subscribers of bench/live.bench.ts, in their own process so that the
 * server's memory and CPU are measured apart from theirs. Driven over IPC:
 *
 *   connect {group, url, protocol, tokens, query, operationName} → connected
 *   disconnect {group} → disconnected
 *   arm {group} → armed, later done {group, ms, errors, sample} once every
 *   socket of the group has received a message since it was armed.
 *
 * `protocol` 'graphql-ws' speaks graphql-transport-ws (init, subscribe);
 * 'raw' just listens. Every group's clients do the same work per message.
 */
interface Group {
  sockets: WebSocket[];
  got: Uint8Array;
  pending: number;
  armed: boolean;
  errors: number;
  sample: string | null;
}

const groups = new Map<string, Group>();
const send = (message: unknown) => process.send!(message);

async function connect(message: { group: string; url: string; protocol: 'graphql-ws' | 'raw'; tokens: string[]; query?: string; operationName?: string }) {
  const group: Group = { sockets: [], got: new Uint8Array(message.tokens.length), pending: 0, armed: false, errors: 0, sample: null };
  groups.set(message.group, group);
  const BATCH = 100;
  for (let from = 0; from < message.tokens.length; from += BATCH) {
    await Promise.all(
      message.tokens.slice(from, from + BATCH).map(
        (token, offset) =>
          new Promise<void>((resolve, reject) => {
            const index = from + offset;
            const socket = new WebSocket(message.url, message.protocol === 'graphql-ws' ? 'graphql-transport-ws' : undefined);
            group.sockets[index] = socket;
            socket.once('error', reject);
            socket.on('message', (data) => {
              const text = String(data);
              if (message.protocol === 'graphql-ws' && text.startsWith('{"type":"connection_ack"')) {
                socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: message.query, variables: { since: null }, operationName: message.operationName } }));
                return resolve();
              }
              if (!group.armed || group.got[index]) return;
              group.got[index] = 1;
              if (text.includes('"errors"') || text.includes('"type":"error"')) group.errors++;
              group.sample ??= text;
              if (--group.pending === 0) {
                group.armed = false;
                send({ type: 'done', group: message.group, errors: group.errors, sample: group.sample });
              }
            });
            socket.once('open', () => {
              if (message.protocol === 'graphql-ws') socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
              else resolve();
            });
          }),
      ),
    );
  }
  send({ type: 'connected', group: message.group });
}

process.on('message', (message: any) => {
  if (message.type === 'connect') {
    connect(message).catch((error) => send({ type: 'failed', error: String(error) }));
  } else if (message.type === 'arm') {
    const group = groups.get(message.group)!;
    group.got.fill(0);
    group.pending = group.sockets.length;
    group.errors = 0;
    group.sample = null;
    group.armed = true;
    send({ type: 'armed', group: message.group });
  } else if (message.type === 'disconnect') {
    const group = groups.get(message.group)!;
    groups.delete(message.group);
    Promise.all(
      group.sockets.map((socket) => new Promise<void>((resolve) => (socket.once('close', () => resolve()), socket.close()))),
    ).then(() => send({ type: 'disconnected', group: message.group }));
  } else if (message.type === 'close') {
    for (const group of groups.values()) for (const socket of group.sockets) socket.terminate();
    process.exit(0);
  }
});
send({ type: 'ready' });
