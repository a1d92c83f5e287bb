import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApiCluster, type ApiCluster } from '../support/api-cluster.js';

/** A rolling deploy: SIGTERM stops an instance cleanly while clients are connected. */
let cluster: ApiCluster;
beforeAll(async () => {
  cluster = await startApiCluster(1);
});
afterAll(() => cluster?.stop());

describe('graceful shutdown', () => {
  it('on SIGTERM: readiness goes false, WebSockets close with 1001 (going away), and the process exits 0', async () => {
    const [api] = cluster.instances;
    const readyz = api!.httpUrl.replace('/graphql', '/readyz');
    expect((await fetch(readyz)).status).toBe(200);

    const signUp = await fetch(api!.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { signUp(input: { name: "Leaving", handle: "leaving", email: "leaving@example.test", password: "long enough" }) { token } }`,
      }),
    }).then((r) => r.json());
    const token = signUp.data.signUp.token;

    const socket = new WebSocket(api!.wsUrl, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') resolve();
      });
      socket.once('error', reject);
    });
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { notificationAdded { id } }' } }),
    );
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const exited = new Promise<number | null>((resolve) => api!.process.once('exit', (code) => resolve(code)));

    api!.process.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await exited).toBe(0);
    await expect(fetch(readyz)).rejects.toThrow();
  });
});
