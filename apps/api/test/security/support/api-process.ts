import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { ensureDatabase } from '../../../src/db/database.js';
import { databaseUrl, freePort } from '../../../src/db/embedded-postgres.js';
import { eventually } from './ws.js';

const API_DIR = fileURLToPath(new URL('../../..', import.meta.url));

export interface ApiProcess {
  httpUrl: string;
  wsUrl: string;
  databaseUrl: string;
  /** Everything the process printed on stdout and stderr, as it arrived. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The API as it runs for real (`src/main.ts` in its own Node process, its
 * own logger writing to stdout), on a fresh database of the run's
 * PostgreSQL. For tests about what the process prints: an in-process server
 * shares the test runner's streams and NODE_ENV, which hide Express's own
 * console output.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const name = `ripple_proc_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(inject('postgresUrl'), name);
  const url = databaseUrl(inject('postgresUrl'), name);
  const port = await freePort();
  const chunks: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      COOKIE_SECURE: 'false',
      EXPIRY_SWEEP_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join('');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the API exited:\n${output()}`);
      return fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
    }, 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const httpUrl = `http://127.0.0.1:${port}/graphql`;
  return { httpUrl, wsUrl: httpUrl.replace(/^http/, 'ws'), databaseUrl: url, output, stop };
}
