import { z } from 'zod';

/**
 * All configuration comes from the environment and is validated once at boot.
 * A bad value fails fast with a message that names the variable; nothing
 * secret has a fallback in production.
 */
const commaList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** Bytes of the key behind global ids and cursors (AES-256). */
export const ID_SECRET_BYTES = 32;

/** An ID secret written as hex (64 digits) or base64 / base64url (43 characters, optional `=`); null if it is neither. */
export function parseIdSecret(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=?$/.test(text)) return Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(text)) return Buffer.from(text, 'base64url');
  return null;
}

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** A PostgreSQL URL. Unset outside production: an embedded PostgreSQL is started. */
    DATABASE_URL: z.string().url().optional(),
    /**
     * Where the embedded PostgreSQL keeps its data. Unset: the checkout's
     * .data/postgres (git-ignored), or as root from a folder other users cannot
     * enter, /var/lib/ripple/<folder>-<hash>/postgres (db/postgres-location.ts).
     */
    EMBEDDED_PG_DIR: z.string().optional(),
    /** Browser origins allowed to call the API (CORS) and open its WebSocket. */
    WEB_ORIGINS: commaList.default(['http://localhost:3000']),
    /** Where people open the web app; card links and vCards point here. */
    PUBLIC_WEB_URL: z.string().url().default('http://localhost:3000'),
    /** Mark the session cookie Secure (behind TLS). */
    COOKIE_SECURE: booleanFlag.optional(),
    /** Trust X-Forwarded-For from this many proxies (set behind a load balancer). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * How long an instance trusts a session it validated without reading it
     * again (0: never). Sign-outs and password changes reach every instance
     * at once over the event bus; this bounds what nobody announces (an
     * expiry edited in the database, a NOTIFY lost while the listener
     * reconnects).
     */
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
    /** How many validated sessions an instance remembers at most (least recently used go first). */
    SESSION_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Seed the demo community into an empty database at boot. */
    SEED_DEMO: booleanFlag.default(true),
    /**
     * Offer "Try the demo" on the landing page: a password-less sign-in as the
     * seeded demo member, and the demo's ripple shown to signed-out visitors.
     * Unset: on except in production (a real community has no demo member;
     * a public demo site sets it to true). See demo/DEMO.md.
     */
    DEMO_SIGN_IN: booleanFlag.optional(),
    /**
     * Where rate-limit budgets live: `memory` (per instance: N replicas allow
     * N × each budget), `postgres` (the app's database, table `rate_limit`:
     * every replica shares one budget) or `redis` (REDIS_URL). Default:
     * `redis` when REDIS_URL is set, else `memory`. See auth/rate-limits.ts.
     */
    RATE_LIMIT_STORE: z.enum(['memory', 'postgres', 'redis']).optional(),
    /**
     * A Redis server shared by every instance (redis://…): the live fan-out
     * between instances, session sign-outs, rate-limit budgets and the
     * per-person subscription cap go through it. Unset: PostgreSQL
     * LISTEN/NOTIFY and per-instance caps (see live/PROTOCOL.md).
     */
    REDIS_URL: z.string().url().refine((url) => /^rediss?:/.test(url), 'must be a redis:// or rediss:// address').optional(),
    /** Sign-in attempts per (client address, email) pair in one window; a success resets the pair. */
    SIGN_IN_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * Failed sign-ins per email, from any address, before each further
     * attempt from an address not yet known to succeed waits: DELAY, then
     * twice that, and so on up to MAX_DELAY. Must exceed SIGN_IN_ATTEMPTS,
     * so that one stranger's address cannot slow the owner down.
     */
    SIGN_IN_ACCOUNT_ATTEMPTS: z.coerce.number().int().min(1).default(20),
    SIGN_IN_ACCOUNT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(86_400),
    SIGN_IN_ACCOUNT_DELAY_SECONDS: z.coerce.number().int().min(1).default(1),
    SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).default(900),
    /** An address that signed in to an account skips that account's delay for this long (at most 24: timers). */
    SIGN_IN_KNOWN_ADDRESS_DAYS: z.coerce.number().int().min(1).max(24).default(14),
    /** Failed sign-ins per client address across all emails (credential stuffing) in one window. */
    SIGN_IN_ADDRESS_ATTEMPTS: z.coerce.number().int().min(1).default(100),
    SIGN_IN_ADDRESS_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
    /** Sign-ups per client address in one window (each costs an Argon2id hash). */
    SIGN_UP_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    SIGN_UP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
    /** Introductions one connector may propose in one window. */
    INTRODUCTION_PROPOSALS: z.coerce.number().int().min(1).default(30),
    INTRODUCTION_PROPOSALS_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
    /** An introduction nobody finished answering closes after this many days. */
    INTRODUCTION_EXPIRY_DAYS: z.coerce.number().min(0.0001).max(365).default(14),
    /** "Not now" brings an ask back to the top of the inbox after this many days. */
    NOT_NOW_DAYS: z.coerce.number().min(0).max(90).default(3),
    /** How often each instance records expired introductions (0: never; reads apply expiry anyway). */
    EXPIRY_SWEEP_SECONDS: z.coerce.number().min(0).default(60),
    /** After connecting, both are asked "did you meet?" after this many days. */
    MEETING_ASK_DAYS: z.coerce.number().min(0).max(90).default(3),
    /** Live operations one person may hold at once on one API instance, across their sockets. */
    MAX_SUBSCRIPTIONS_PER_PERSON: z.coerce.number().int().min(1).default(50),
    /** Bytes a WebSocket may have waiting unsent before live delivery drops it as a slow consumer (it resumes by cursor). */
    LIVE_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
    /** Live reads (replays, fan-out executions) running at once: they never take more of the database pool than this. */
    LIVE_READ_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(3),
    /** Live subscriptions one WebSocket may hold at once. */
    MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).default(20),
    /**
     * The key of global ids and cursors: 32 random bytes as hex or base64
     * (`openssl rand -base64 32`). Unset: the first instance stores a random
     * one in the database and every instance on it uses that.
     */
    ID_SECRET: z
      .string()
      .refine((text) => parseIdSecret(text) !== null, `must be ${ID_SECRET_BYTES} bytes written as hex (64 digits) or base64 (43 or 44 characters)`)
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.SIGN_IN_ACCOUNT_ATTEMPTS <= c.SIGN_IN_ATTEMPTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIGN_IN_ACCOUNT_ATTEMPTS'],
        message: 'must be greater than SIGN_IN_ATTEMPTS (one address must not be able to slow an account down)',
      });
    }
    if (c.RATE_LIMIT_STORE === 'redis' && !c.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['RATE_LIMIT_STORE'], message: 'is redis, so REDIS_URL must be set' });
    }
    if (c.NODE_ENV === 'production' && !c.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded PostgreSQL is for development and tests)',
      });
    }
  });

export type Config = Omit<z.infer<typeof ConfigSchema>, 'RATE_LIMIT_STORE'> & {
  COOKIE_SECURE: boolean;
  RATE_LIMIT_STORE: 'memory' | 'postgres' | 'redis';
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    COOKIE_SECURE: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
    RATE_LIMIT_STORE: c.RATE_LIMIT_STORE ?? (c.REDIS_URL ? 'redis' : 'memory'),
  };
}
