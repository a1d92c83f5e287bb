import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataLocation, folderOthersCannotEnter } from './postgres-location.js';

let base: string; // a 0755 folder under the temporary folder
beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'ripple-location-')));
  chmodSync(base, 0o755);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function folder(name: string, mode: number): string {
  const dir = path.join(base, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
  return dir;
}

describe('folderOthersCannotEnter', () => {
  it('names the first folder on the way that other users may not pass through', () => {
    const home = folder('home', 0o700);
    expect(folderOthersCannotEnter(path.join(home, 'ripple', '.data'))).toBe(home);
    expect(folderOthersCannotEnter(home)).toBe(home);
  });

  it('lets through folders with o+x, and folders still to be made under them', () => {
    const open = folder('open', 0o711);
    expect(folderOthersCannotEnter(open)).toBeNull();
    expect(folderOthersCannotEnter(path.join(open, 'not', 'yet', 'made'))).toBeNull();
  });

  it('follows a symbolic link to where it really leads', () => {
    const home = folder('home', 0o700);
    const inside = folder('home/ripple', 0o755);
    const link = path.join(base, 'link');
    symlinkSync(inside, link);
    expect(folderOthersCannotEnter(link)).toBe(home);
  });
});

describe('defaultDataLocation (the README\'s rule)', () => {
  it("is the checkout's .data/postgres for anyone but root", () => {
    const checkout = folder('home/ripple', 0o755);
    chmodSync(path.join(base, 'home'), 0o700);
    expect(defaultDataLocation(checkout, false)).toEqual({ dir: path.join(checkout, '.data', 'postgres') });
  });

  it("is the checkout's .data/postgres for root when other users can enter the checkout", () => {
    const checkout = folder('srv/ripple', 0o755);
    expect(defaultDataLocation(checkout, true)).toEqual({ dir: path.join(checkout, '.data', 'postgres') });
  });

  it('is /var/lib/ripple/<folder name>-<hash of the real path>/postgres for root from a private folder', () => {
    const checkout = folder('home/ripple', 0o755);
    const home = path.join(base, 'home');
    chmodSync(home, 0o700);
    const hash = createHash('sha256').update(checkout).digest('hex').slice(0, 12);
    const location = defaultDataLocation(checkout, true);
    expect(location.dir).toBe(`/var/lib/ripple/ripple-${hash}/postgres`);
    expect(location.reason).toContain(home);
    // Another checkout of the same name gets its own folder.
    const other = folder('other/ripple', 0o755);
    chmodSync(path.join(base, 'other'), 0o700);
    expect(defaultDataLocation(other, true).dir).not.toBe(location.dir);
  });
});
