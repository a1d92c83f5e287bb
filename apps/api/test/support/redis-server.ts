import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-postgres.js';

/** Debian's package (`apt-get install -y redis-server`); REDIS_SERVER overrides. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: as a crash would). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (it keeps no data). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway redis-server on a free port, the way the harness starts its
 * embedded PostgreSQL: no persistence (`--save '' --appendonly no`), its
 * working folder a fresh temporary one, only for the tests that need it.
 */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-redis-'));
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn(
        REDIS_SERVER,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = server;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          server.stdout!.off('data', onData);
          resolve();
        }
      };
      server.stdout!.on('data', onData);
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });

  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
