import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import { parse as parseCookies } from 'cookie';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { budgetStore } from '../auth/budget.js';
import { createRateLimits } from '../auth/rate-limits.js';
import { SESSION_COOKIE, tokenFrom, viewerFor } from '../auth/auth.service.js';
import { SessionCache } from '../auth/session-cache.js';
import { buildRippleSchema } from '../graphql/schema.js';
import { createContext, type Context, type SessionCookieJar } from '../graphql/context.js';
import { formatError, unavailableIfDatabaseDown } from '../graphql/errors.js';
import { createOperationGuards, type OperationGuards } from '../graphql/operation-guards.js';
import { variableInputError } from '../graphql/variable-errors.js';
import { attachGraphqlWs } from './websocket.js';
import { createGraphiql } from './graphiql.js';
import { BODY_LIMIT, httpErrorHandler, noSniff, onlyMethods, unknownRoute } from './http-errors.js';
import { status200ForJsonOnlyClients, subscriptionsOverWebSocket } from './http-plugins.js';
import { EventBus, PostgresWakeups } from '../live/event-bus.js';
import { announceThrough, postgresPublisher } from '../live/announce.js';
import { RedisLink, RedisSubscriptionCaps, RedisWakeups } from '../live/redis-bus.js';
import { MemorySubscriptionCaps } from '../live/subscription-caps.js';
import { closeExpired } from '../introductions/introductions.service.js';
import { setUpGlobalIds } from '../graphql/global-ids.js';

export const GRAPHQL_PATH = '/graphql';

export interface RippleServer {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** This instance's live event fan-out. */
  live: EventBus;
  /** Resolves with the port actually bound (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Readiness false, HTTP drained, WebSockets closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * The API: one HTTP server carrying GraphQL over HTTP (Apollo) and over
 * WebSocket (graphql-ws) on the same path, plus health endpoints. Both
 * transports share one schema, one set of operation guards, one error
 * mapper and one way of building a per-operation context.
 */
export async function createRippleServer(deps: { config: Config; orm: MikroORM; log: Logger }): Promise<RippleServer> {
  const { config, orm, log } = deps;
  const production = config.NODE_ENV === 'production';
  // Before anything is served: every id and cursor is encrypted under this key.
  await setUpGlobalIds(config, orm);
  // With REDIS_URL, Redis carries the wake-ups between instances, the budgets and the per-person caps.
  const redis = config.REDIS_URL ? new RedisLink(config.REDIS_URL, log) : null;
  // Wake-ups go out after commit (live/announce.ts): through Redis, or PostgreSQL's NOTIFY in a statement of their own.
  announceThrough(
    orm,
    redis ? redis.publisher() : postgresPublisher(orm, (error) => log.warn({ err: error }, 'a live wake-up was not sent; readers catch up by cursor')),
  );
  const limits = createRateLimits(config, budgetStore(config, orm, redis?.commands ?? null), (error, budget) =>
    log.warn({ err: error, budget }, 'the rate-limit store failed; refusing'),
  );
  const schema = await buildRippleSchema();
  const live = new EventBus(orm.config.get('clientUrl')!, log, redis ? new RedisWakeups(redis) : new PostgresWakeups());
  const caps = redis
    ? new RedisSubscriptionCaps(redis.commands, config.MAX_SUBSCRIPTIONS_PER_PERSON, log)
    : new MemorySubscriptionCaps(config.MAX_SUBSCRIPTIONS_PER_PERSON);
  await live.start();
  // Records expired introductions (reads already treat them as closed).
  const sweeper =
    config.EXPIRY_SWEEP_SECONDS > 0
      ? setInterval(() => {
          closeExpired(orm.em.fork()).catch((error) => log.warn({ err: error }, 'closing expired introductions failed'));
        }, config.EXPIRY_SWEEP_SECONDS * 1000)
      : undefined;
  sweeper?.unref();
  const guards = createOperationGuards({ production });
  const sessions = new SessionCache({
    ttlSeconds: config.SESSION_CACHE_SECONDS,
    max: config.SESSION_CACHE_SIZE,
    hasEnded: (sessionId) => live.isSessionEnded(sessionId),
  });
  let ready = true;

  const app = express();
  app.disable('x-powered-by');
  // No ETag: GraphQL answers POSTs, which no cache revalidates; hashing every body is wasted work.
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(noSniff);
  const httpServer = http.createServer(app);

  const format = (formatted: Parameters<typeof formatError>[0], error: unknown) =>
    formatError(formatted, error, {
      hideSchemaHints: production,
      onInternal: (e) => log.error({ err: e }, 'unexpected error in an operation'),
    });

  type ContextInput = {
    authorization: unknown;
    cookieHeader: string | undefined;
    clientAddress: string;
    cookies: SessionCookieJar;
  };
  /**
   * One EntityManager fork, viewer and loader set per operation, whatever
   * the transport; the fork and the loaders only once something uses them.
   * Over HTTP a session validated moments ago is taken from the session
   * cache; a WebSocket operation always reads its session again (there is
   * one per subscription, not per page view).
   */
  const buildContext = async (input: ContextInput, options: { cachedSession: boolean }): Promise<Context> => {
    const cookieToken = input.cookieHeader ? parseCookies(input.cookieHeader)[SESSION_COOKIE] : undefined;
    const context = createContext({
      fork: () => orm.em.fork() as Context['em'],
      viewer: null,
      config,
      log,
      clientAddress: input.clientAddress,
      limits,
      cookies: input.cookies,
      live,
      sessions,
    });
    const token = tokenFrom(input.authorization, cookieToken);
    context.viewer = await viewerFor(token, () => context.em, options.cachedSession ? sessions : null).catch(unavailableIfDatabaseDown);
    return context;
  };

  const ws = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    maxPayload: 64 * 1024,
    // Browsers always send Origin: refuse any page not on the allowlist, so a
    // foreign site cannot ride the session cookie (cross-site WS hijacking).
    // Non-browser clients send none and must bring a Bearer token instead.
    verifyClient: ({ origin }: { origin?: string }) => !origin || config.WEB_ORIGINS.includes(origin),
  });
  // GraphiQL from our own dependencies in development; no explorer in production.
  const graphiql = createGraphiql({ endpoint: GRAPHQL_PATH, production });
  const wsServer = attachGraphqlWs({
    ws,
    schema,
    guards,
    config,
    log,
    buildContext: (input) => buildContext(input, { cachedSession: false }),
    format,
    caps,
  });

  const apollo = new ApolloServer<Context>({
    schema,
    ...guards.apollo,
    plugins: [
      // graphql-armor is typed against Apollo's CJS build; the objects are the same.
      ...(guards.apollo.plugins as ApolloServerPlugin<Context>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No per-field cache hints: nothing here is cacheable by a CDN, and the
      // plugin wraps every resolver of every request to compute them.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocket(GRAPHQL_PATH),
      complexityPlugin(guards, production),
      status200ForJsonOnlyClients(),
      graphiql.apolloPlugin,
      { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
    ],
    validationRules: guards.validationRules,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: format,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (!ready) return void res.status(503).json({ status: 'shutting down' });
    try {
      await orm.em.fork().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.all(['/healthz', '/readyz'], onlyMethods('GET', 'HEAD'));

  // CORS first: it answers preflights, which GraphiQL's GET route would otherwise answer with a bare Allow.
  // Browsers send Origin with every cross-origin request (and every POST): a
  // request without it has nothing for CORS to answer, so it skips the
  // middleware's header work;
  // `Vary: Origin` still tells caches the answer depends on it.
  const corsForBrowsers = cors<cors.CorsRequest>({ origin: config.WEB_ORIGINS, credentials: true, maxAge: 600 });
  app.use(GRAPHQL_PATH, (req, res, next) => {
    if (req.headers.origin !== undefined) return corsForBrowsers(req, res, next);
    res.setHeader('Vary', 'Origin');
    next();
  });
  app.use(graphiql.router);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        buildContext(
          {
          authorization: req.headers.authorization,
          cookieHeader: req.headers.cookie,
          clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          cookies: {
            set: (token, expires) =>
              res.cookie(SESSION_COOKIE, token, {
                httpOnly: true,
                sameSite: 'lax',
                secure: config.COOKIE_SECURE,
                path: '/',
                expires,
              }),
            clear: () =>
              res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.COOKIE_SECURE, path: '/' }),
          },
          },
          { cachedSession: true },
        ),
    }),
  );

  // JSON, never Express's HTML pages: unknown routes, unreadable bodies, faults.
  app.use(unknownRoute);
  app.use(httpErrorHandler(log));

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    schema,
    live,
    listen: (port, host = config.HOST) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    close: () => {
      closing ??= (async () => {
        ready = false;
        clearInterval(sweeper);
        await apollo.stop(); // stops accepting, drains HTTP, then closes the WebSockets (drainServer)
        await live.stop();
        caps.close();
        await redis?.close();
      })();
      return closing;
    },
  };
}

/**
 * Rejects unstorable text, variables that do not coerce (naming their
 * fields), and an operation whose cost (`first` multiplying) is over the
 * limit. Before any SQL.
 */
function complexityPlugin(guards: OperationGuards, production: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, source }) {
          // Keyed by the document's text: a repeated operation skips the visits.
          const error =
            guards.inputError(document, request.variables, source) ??
            variableInputError(schema, document, request.operationName, request.variables, { hideSuggestions: production }) ??
            guards.complexityError(schema, document, request.variables, request.operationName, source);
          if (error) throw error;
        },
      };
    },
  };
}
