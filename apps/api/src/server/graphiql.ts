import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import Negotiator from 'negotiator';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

/**
 * GraphiQL for trying the API locally, served from the API's own
 * dependencies: `@graphql-yoga/graphiql` is GraphiQL 5 (React, Monaco and
 * the explorer plugin inside) built into one file, plus Monaco's three
 * workers. Nothing is loaded from a CDN, so it works offline, and the page
 * has its own Content-Security-Policy allowing only this origin.
 *
 * Development only. In production there is no explorer (the Apollo landing
 * page is off in every mode, and this router is not mounted) and
 * introspection is refused by the schema guards, so `GET /graphql` is an
 * ordinary GraphQL-over-HTTP request answered in JSON.
 */

/** Where the page's own files are served, outside the GraphQL endpoint's path. */
export const GRAPHIQL_ASSETS = '/graphiql';

const WORKERS = {
  editorWorkerService: 'monacoeditorwork/editor.worker.bundle.js',
  json: 'monacoeditorwork/json.worker.bundle.js',
  graphql: 'monacoeditorwork/graphql.worker..bundle.js',
} as const;

const DEFAULT_QUERY = `# Ripple's API. Sign in at the web app on this machine, or send
# "Authorization: Bearer <token>" in the Headers tab (signIn returns one).
{
  viewer { handle name }
  feed(first: 5) {
    edges { node { id title sharer { name } rippleSize } }
  }
}
`;

/**
 * The page's policy: scripts, styles, workers and requests from this
 * origin only. Monaco injects <style> elements and sets style attributes,
 * hence 'unsafe-inline' for styles (never for scripts).
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface Graphiql {
  /** Turns off Apollo's own landing page (it loads from a CDN) in every mode. */
  apolloPlugin: ApolloServerPlugin<any>;
  /** Mount before the GraphQL endpoint: the page on `GET endpoint` (a browser, no query) and its files. */
  router: express.Router;
}

export function createGraphiql(options: { endpoint: string; production: boolean }): Graphiql {
  const router = express.Router();
  if (!options.production) {
    const dist = path.join(path.dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');
    const start = startScript(options.endpoint);

    router.get(options.endpoint, (req: Request, res: Response, next: NextFunction) => {
      if (!wantsPage(req)) return next();
      res.set({ 'content-security-policy': GRAPHIQL_CSP, 'cache-control': 'no-store' }).type('html').send(PAGE);
    });
    router.get(`${GRAPHIQL_ASSETS}/start.js`, (_req, res) => {
      res.set('content-security-policy', GRAPHIQL_CSP).type('text/javascript').send(start);
    });
    router.get(`${GRAPHIQL_ASSETS}/page.css`, (_req, res) => {
      res.set('content-security-policy', GRAPHIQL_CSP).type('text/css').send(PAGE_CSS);
    });
    const files: Record<string, string> = {
      'yoga-graphiql.umd.js': 'yoga-graphiql.umd.js',
      'graphiql.css': 'graphiql.css',
      ...Object.fromEntries(Object.values(WORKERS).map((file) => [file, file])),
    };
    for (const [name, file] of Object.entries(files)) {
      router.get(`${GRAPHIQL_ASSETS}/${name}`, (_req, res, next) => {
        res.set('content-security-policy', GRAPHIQL_CSP);
        // dotfiles: the package lives under node_modules/.pnpm.
        res.sendFile(path.join(dist, file), { maxAge: '1h', dotfiles: 'allow' }, (error) => error && next(error));
      });
    }
  }
  return { apolloPlugin: ApolloServerPluginLandingPageDisabled(), router };
}

/** A browser opening the endpoint: GET, no operation in the query string, HTML preferred over JSON. */
function wantsPage(req: Request): boolean {
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  const accept = req.headers.accept;
  if (!accept) return false;
  return new Negotiator({ headers: { accept } }).mediaType(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Ripple API · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css" />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS}/page.css" />
    <script src="${GRAPHIQL_ASSETS}/yoga-graphiql.umd.js" defer></script>
    <script src="${GRAPHIQL_ASSETS}/start.js" defer></script>
  </head>
  <body>
    <noscript>GraphiQL needs JavaScript. The API itself answers POST requests here.</noscript>
    <div id="graphiql"></div>
  </body>
</html>
`;

const PAGE_CSS = `html, body, #graphiql { height: 100%; margin: 0; }\n`;

/** Points Monaco at its workers (served above) and renders GraphiQL against the endpoint. */
function startScript(endpoint: string): string {
  const workers = Object.fromEntries(Object.entries(WORKERS).map(([label, file]) => [label, `${GRAPHIQL_ASSETS}/${file}`]));
  const props = {
    endpoint,
    title: 'Ripple API',
    defaultQuery: DEFAULT_QUERY,
    // The session cookie, when the web app signed in on this host.
    credentials: 'same-origin',
    subscriptionsProtocol: 'WS',
  };
  return `'use strict';
(function () {
  var workers = ${JSON.stringify(workers)};
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) { return workers[label] || workers.editorWorkerService; },
  };
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), ${JSON.stringify(props)});
})();
`;
}
