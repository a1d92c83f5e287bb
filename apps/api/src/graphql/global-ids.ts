import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type Cipher,
  type Decipher,
} from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ID_SECRET_BYTES, parseIdSecret, type Config } from '../config/config.js';

/**
 * The process-wide key behind global ids and cursors (the formats are in
 * relay.ts). It is set once at boot, before anything is served: from
 * `ID_SECRET` when set, otherwise from the database, where the first API
 * instance to boot stores a random one, so every instance on one database
 * agrees and ids survive restarts. There is no default key: encoding an id
 * before the key is set is a programming error and says so.
 *
 * Three sub-keys are derived from the secret with HKDF-SHA256, one per use:
 * the id block cipher (AES-256, one 16-byte block per id), and the
 * encryption and MAC keys of the longer cursors (AES-256-CTR with a
 * synthetic IV, i.e. SIV: deterministic authenticated encryption).
 */
interface IdKeys {
  secret: Buffer;
  /** Long-lived ECB objects: without padding, `update()` on whole blocks returns them at once and keeps no state. */
  encipher: Cipher;
  decipher: Decipher;
  sealKey: Buffer;
  macKey: Buffer;
}

let keys: IdKeys | null = null;

const subkey = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `ripple ${info}`, 32));

/** Makes `secret` the key of every id and cursor this process encodes or decodes. Setting a different one later throws. */
export function useIdSecret(secret: Buffer): void {
  if (secret.length !== ID_SECRET_BYTES) throw new Error(`The ID secret must be ${ID_SECRET_BYTES} bytes.`);
  if (keys) {
    if (keys.secret.equals(secret)) return;
    throw new Error('This process already serves ids under another ID secret: one process, one secret (ID_SECRET or the database’s).');
  }
  const blockKey = subkey(secret, 'global ids v1');
  const encipher = createCipheriv('aes-256-ecb', blockKey, null).setAutoPadding(false);
  const decipher = createDecipheriv('aes-256-ecb', blockKey, null).setAutoPadding(false);
  keys = { secret: Buffer.from(secret), encipher, decipher, sealKey: subkey(secret, 'cursors v1 enc'), macKey: subkey(secret, 'cursors v1 mac') };
}

function current(): IdKeys {
  if (!keys) {
    throw new Error(
      'Global ids are not set up: call setUpGlobalIds(config, orm) at boot (createRippleServer does) or useIdSecret() before encoding or decoding ids.',
    );
  }
  return keys;
}

export const BLOCK_BYTES = 16;

/** AES-256 on each 16-byte block of `plain` (ECB: a pseudorandom permutation per block), all in one call. */
export function encipherBlocks(plain: Buffer): Buffer {
  if (plain.length % BLOCK_BYTES !== 0) throw new Error('whole blocks only');
  return current().encipher.update(plain);
}

export function decipherBlocks(enciphered: Buffer): Buffer {
  if (enciphered.length % BLOCK_BYTES !== 0) throw new Error('whole blocks only');
  return current().decipher.update(enciphered);
}

const IV_BYTES = 16;

/** Deterministic authenticated encryption (SIV): IV = HMAC(plain) truncated to 128 bits, then AES-256-CTR under that IV. */
export function seal(plain: Buffer): Buffer {
  const { sealKey, macKey } = current();
  const iv = createHmac('sha256', macKey).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-ctr', sealKey, iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final()]);
}

/** The plaintext of a `seal()` output, or null if it was not made under this key (or was altered). */
export function open(sealed: Buffer): Buffer | null {
  const { sealKey, macKey } = current();
  if (sealed.length <= IV_BYTES) return null;
  const iv = sealed.subarray(0, IV_BYTES);
  const decipher = createDecipheriv('aes-256-ctr', sealKey, iv);
  const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES)), decipher.final()]);
  const expected = createHmac('sha256', macKey).update(plain).digest().subarray(0, IV_BYTES);
  return timingSafeEqual(iv, expected) ? plain : null;
}

const SECRET_NAME = 'global_ids';

/**
 * The database's ID secret, made on first use. Instances booting at once
 * race on the insert; `on conflict do nothing` lets exactly one win and
 * every one then reads the winner's.
 */
export async function idSecretFromDatabase(em: EntityManager): Promise<Buffer> {
  await em.execute(`insert into server_secret (name, value) values (?, ?) on conflict (name) do nothing`, [
    SECRET_NAME,
    randomBytes(ID_SECRET_BYTES),
  ]);
  const [row] = await em.execute<{ value: Buffer }[]>(`select value from server_secret where name = ?`, [SECRET_NAME]);
  if (!row || !Buffer.isBuffer(row.value) || row.value.length !== ID_SECRET_BYTES) {
    throw new Error(`server_secret '${SECRET_NAME}' is not ${ID_SECRET_BYTES} bytes`);
  }
  return row.value;
}

/** Boot: the key from ID_SECRET, or else from the database (after migrations). */
export async function setUpGlobalIds(config: Pick<Config, 'ID_SECRET'>, orm: MikroORM): Promise<void> {
  const fromConfig = config.ID_SECRET ? parseIdSecret(config.ID_SECRET) : null;
  useIdSecret(fromConfig ?? (await idSecretFromDatabase(orm.em.fork())));
}
