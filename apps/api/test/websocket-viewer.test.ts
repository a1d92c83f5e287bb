import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson } from './support/factories.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

function connect(connectionParams: Record<string, unknown>): { client: Client; closed: Promise<{ code: number }> } {
  let onClosed!: (event: { code: number }) => void;
  const closed = new Promise<{ code: number }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: api.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClosed(event as { code: number }) },
  });
  return { client, closed };
}

describe('GraphQL over WebSocket', () => {
  it('a connection authenticated by a Bearer token in connectionParams answers viewer as that person', async () => {
    const person = await newPerson(api);
    const { client } = connect({ authorization: `Bearer ${person.token}` });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe({ query: '{ viewer { handle followerCount } }' }, {
          next: (v) => (value = v),
          error: reject,
          complete: () => resolve(value),
        });
      });
      expect(result).toEqual({ data: { viewer: { handle: person.handle, followerCount: 0 } } });
    } finally {
      await client.dispose();
    }
  });

  it('refuses a connection without a valid token (4403)', async () => {
    for (const params of [{}, { authorization: 'Bearer not-a-real-token' }]) {
      const { client, closed } = connect(params);
      const { code } = await closed;
      expect(code).toBe(4403);
      await client.dispose();
    }
  });
});
