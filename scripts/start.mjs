#!/usr/bin/env node
// `pnpm start`: build, then run the API (on an embedded PostgreSQL unless
// DATABASE_URL is set; demo community seeded into an empty database) and the
// web app. Ctrl-C stops both cleanly.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const API_PORT = process.env.API_PORT ?? '4000';
const WEB_PORT = process.env.WEB_PORT ?? '3000';
const apiUrl = process.env.PUBLIC_API_URL ?? `http://localhost:${API_PORT}/graphql`;
const webUrl = process.env.PUBLIC_WEB_URL ?? `http://localhost:${WEB_PORT}`;

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [];
function run(name, entry, env) {
  const child = spawn(process.execPath, [path.join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// Unset EMBEDDED_PG_DIR: the API picks the default location (printed below).
run('api', 'apps/api/dist/main.js', {
  PORT: API_PORT,
  WEB_ORIGINS: process.env.WEB_ORIGINS ?? webUrl,
  PUBLIC_WEB_URL: webUrl,
});

// Wait for the API before opening the web app to people.
const deadline = Date.now() + 120_000;
while (Date.now() < deadline) {
  try {
    if ((await fetch(`http://127.0.0.1:${API_PORT}/readyz`)).ok) break;
  } catch {
    // still starting
  }
  await new Promise((r) => setTimeout(r, 250));
}

run('web', 'apps/web/build/index.js', { PORT: WEB_PORT, PUBLIC_API_URL: apiUrl, ORIGIN: webUrl });
// The same rule the API follows (apps/api/src/db/postgres-location.ts), from its build.
const { defaultDataLocation } = await import('../apps/api/dist/db/postgres-location.js');
const dataLocation = process.env.DATABASE_URL
  ? 'the database at DATABASE_URL'
  : path.resolve(root, process.env.EMBEDDED_PG_DIR || defaultDataLocation().dir);
console.log(`
  Ripple is running.
    web app:  ${webUrl}
    API:      ${apiUrl}  (HTTP and WebSocket)
    sign in:  sarah@demo.ripple.community / ripple-demo   (any demo member: <handle>@demo.ripple.community)
  Ctrl-C stops it; data stays in ${dataLocation}.
`);
