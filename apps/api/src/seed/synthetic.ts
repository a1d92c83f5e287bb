import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { resolveDatabase } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { seedSyntheticCommunity, SYNTHETIC_PASSWORD } from './synthetic-community.js';

/**
 * `pnpm seed:synthetic --people N --events M [--seed S] [--largest K] [--database-url URL]`
 *
 * Writes a synthetic community (see synthetic-community.ts) into the
 * database at --database-url, or else where the API would find it: the
 * DATABASE_URL environment variable, or the embedded PostgreSQL that
 * `pnpm start` uses (EMBEDDED_PG_DIR, or the same default location as the
 * API: the checkout's .data/postgres, or /var/lib/ripple/… as root from a
 * private folder; stop the API first, one server per data directory).
 * Migrates first, so an empty database works.
 */
const USAGE = 'usage: pnpm seed:synthetic --people N --events M [--seed S] [--largest K] [--database-url URL]';

function positiveInteger(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
    console.error(`--${name} must be a whole number\n${USAGE}`);
    process.exit(2);
  }
  return parsed;
}

async function main() {
  // `pnpm seed:synthetic -- --people …` passes the `--` along: drop it.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: {
      people: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      largest: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const options = {
    people: positiveInteger('people', values.people),
    events: positiveInteger('events', values.events),
    seed: positiveInteger('seed', values.seed, 1),
    largest: values.largest === undefined ? undefined : positiveInteger('largest', values.largest),
  };

  const config = loadConfig({
    LOG_LEVEL: 'info',
    ...process.env,
    ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
  });
  const log = createLogger(config.LOG_LEVEL);
  const { url, embedded } = await resolveDatabase(config, log);
  const orm = await initOrm(url);
  try {
    await migrate(orm);
    const started = Date.now();
    const result = await seedSyntheticCommunity(orm.em.fork(), options);
    console.log(
      `seeded ${result.people} people, ${result.follows} follows in ${result.ripples} ripples ` +
        `(plus ${result.joined} JOINED events) in ${((Date.now() - started) / 1000).toFixed(1)} s; seed ${options.seed}`,
    );
    console.log(`largest ripples (root event id: size): ${result.largest.map((r) => `${r.rootEventId}: ${r.size}`).join(', ')}`);
    console.log(`sign in as syn${options.seed}_0@synthetic.ripple.test (or any syn${options.seed}_<n>) with "${SYNTHETIC_PASSWORD}"`);
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
