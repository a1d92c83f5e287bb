import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl, freePort, startEmbeddedPostgres } from '../../apps/api/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../apps/api/src/db/database.js';
import { GENEROUS_LIMITS } from '../../apps/api/test/support/generous-limits.js';

export { GENEROUS_LIMITS };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const API_ENTRY = path.join(ROOT, 'apps/api/dist/main.js');
const WEB_ENTRY = path.join(ROOT, 'apps/web/build/index.js');

/**
 * The ID secret of every API process a test file starts (spawnNode passes it
 * as ID_SECRET unless the caller sets its own; `ID_SECRET: ''` means "use the
 * database's"). ids.ts gives the test the same key, so ids built there with
 * relay.ts are the processes' ids.
 */
export const TEST_ID_SECRET = randomBytes(32).toString('base64');

export interface Stack {
  apiUrl: string;
  wsUrl: string;
  webUrl: string;
  /** The API's PostgreSQL URL, for asserting what was stored. */
  databaseUrl: string;
  /** Lines the API and web processes printed, for diagnosing a failure. */
  output: string[];
  stop(): Promise<void>;
}

/**
 * The whole product as `pnpm start` runs it, on free ports: an embedded
 * PostgreSQL, the built API (`node apps/api/dist/main.js`, demo community
 * seeded) and the built web app (`node apps/web/build/index.js`).
 */
export async function startStack(options: { seedDemo?: boolean; env?: Record<string, string> } = {}): Promise<Stack> {
  for (const entry of [API_ENTRY, WEB_ENTRY]) {
    if (!existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: run \`pnpm build\` first`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-stack-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await ensureDatabase(pg.url, 'ripple');
  const dbUrl = databaseUrl(pg.url, 'ripple');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const output: string[] = [];
  const children: ChildProcess[] = [];
  const run = (name: string, entry: string, env: Record<string, string>) => {
    const child = spawnNode(name, entry, env, output);
    children.push(child);
    return child;
  };

  const stop = async () => {
    await Promise.all(children.map((child) => stopProcess(child)));
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    run('api', API_ENTRY, {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      WEB_ORIGINS: webUrl,
      PUBLIC_WEB_URL: webUrl,
      COOKIE_SECURE: 'false',
      SEED_DEMO: String(options.seedDemo ?? true),
      LOG_LEVEL: 'warn',
      ...GENEROUS_LIMITS, // these tests sign many people up from 127.0.0.1
      ...options.env,
    });
    run('web', WEB_ENTRY, {
      HOST: '127.0.0.1',
      PORT: String(webPort),
      ORIGIN: webUrl,
      PUBLIC_API_URL: apiUrl,
    });
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, output);
    await waitFor(webUrl, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, wsUrl: apiUrl.replace(/^http/, 'ws'), webUrl, databaseUrl: dbUrl, output, stop };
}

/** Runs a built entry point with plain node, collecting what it prints. */
export function spawnNode(name: string, entry: string, env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, ...(entry === API_ENTRY ? { ID_SECRET: TEST_ID_SECRET } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => output.push(...chunk.toString().trimEnd().split('\n').map((l) => `[${name}] ${l}`));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

export async function waitFor(url: string, output: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
