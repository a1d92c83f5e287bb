import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type Config } from '../../apps/api/src/config/config.js';
import { GRAPHQL_PATH } from '../../apps/api/src/server/server.js';

/**
 * docker-compose.yml is the production shape, and Docker cannot run here:
 * this contract checks it, the Dockerfiles and .dockerignore against the
 * code instead, so that a renamed variable, a moved build output or a port
 * changed on one side only fails here rather than at deploy time.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const readJson = (file: string) => JSON.parse(read(file)) as Record<string, any>;

/** What an operator must export before `docker compose up` (see the file's header). */
const OPERATOR_ENV = { POSTGRES_PASSWORD: 'a-url-safe-secret-0123456789' };

// ---------------------------------------------------------------------------
// Compose: variable interpolation as `docker compose` does it.

function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, name, op, arg, bare) => {
    if (match === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const value = env[name];
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (op?.endsWith('-')) return unset ? arg : value!;
    if (op?.endsWith('?')) {
      if (unset) throw new Error(`required variable ${name} is missing: ${arg}`);
      return value!;
    }
    return value ?? '';
  });
}

function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return value;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { target: number; published?: number | string })[];
  expose?: (string | number)[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test: string | string[] };
  deploy?: { replicas?: number };
  volumes?: (string | { source?: string; target: string })[];
  configs?: ({ source: string; target?: string } | string)[];
  command?: string | string[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string; file?: string }>;
}

function loadCompose(env: Record<string, string | undefined>): Compose {
  return interpolateAll(parseYaml(read('docker-compose.yml')), env) as Compose;
}

/** A service's environment as the container sees it: every value a string. */
function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Published ports as { host, container }. */
function publishedPorts(service: Service): { host: number; container: number }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { host: Number(port.published), container: Number(port.target) };
    const parts = String(port).split('/')[0]!.split(':');
    const container = Number(parts.at(-1));
    return { host: parts.length > 1 ? Number(parts.at(-2)) : container, container };
  });
}

function healthcheckCommand(service: Service): string {
  const test = service.healthcheck?.test;
  expect(test, 'a healthcheck').toBeDefined();
  return Array.isArray(test) ? test.join(' ') : test!;
}

function dependsOn(service: Service): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition]));
}

function dockerfileOf(service: Service): string {
  expect(typeof service.build, 'built from a Dockerfile').toBe('object');
  const build = service.build as { context: string; dockerfile?: string };
  expect(path.resolve(ROOT, build.context), 'built with the workspace as context').toBe(ROOT);
  return build.dockerfile ?? 'Dockerfile';
}

// ---------------------------------------------------------------------------
// Dockerfiles: stages and their instructions.

interface Stage {
  from: string;
  name?: string;
  instructions: { op: string; args: string }[];
}

function parseDockerfile(file: string): Stage[] {
  const lines = read(file)
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!op) continue;
    if (op.toUpperCase() === 'FROM') {
      const [, image, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args!)!;
      stages.push({ from: image!, name, instructions: [] });
    } else {
      expect(stages.length, `${file}: ${op} before FROM`).toBeGreaterThan(0);
      stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args: args! });
    }
  }
  return stages;
}

const runsOf = (stages: Stage[]) => stages.flatMap((s) => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args));

function cmdOf(stage: Stage): string[] {
  const cmd = stage.instructions.filter((i) => i.op === 'CMD').at(-1);
  expect(cmd, 'the final stage has a CMD').toBeDefined();
  return JSON.parse(cmd!.args) as string[];
}

/** Sources copied from the build context (not from another stage). */
function contextSources(stages: Stage[]): string[] {
  return stages.flatMap((s) =>
    s.instructions
      .filter((i) => (i.op === 'COPY' || i.op === 'ADD') && !/--from=/.test(i.args))
      .flatMap((i) => i.args.replace(/--\S+/g, '').trim().split(/\s+/).slice(0, -1)),
  );
}

/** Whether a .dockerignore pattern excludes a path (or one of its parents). */
function ignored(patterns: string[], file: string): boolean {
  const toRegex = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/^\//, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\u0000/g, '(?:.*/)?')}(?:/.*)?$`,
    );
  let excluded = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (toRegex(negated ? pattern.slice(1) : pattern).test(file.replace(/\/$/, ''))) excluded = !negated;
  }
  return excluded;
}

/** The source files under a copied path: what the build needs, leaving out dependencies and outputs. */
function sourceFiles(source: string): string[] {
  const SKIP = new Set(['node_modules', 'dist', 'build', '.svelte-kit', 'test-results']);
  const full = path.join(ROOT, source);
  if (!statSync(full).isDirectory()) return [source.replace(/\/$/, '')];
  return readdirSync(full, { withFileTypes: true })
    .filter((entry) => !SKIP.has(entry.name))
    .flatMap((entry) => sourceFiles(path.posix.join(source, entry.name)));
}

// ---------------------------------------------------------------------------

const compose = loadCompose(OPERATOR_ENV);
const services = compose.services;
const api = services.api!;
const web = services.web!;
const apiEnv = environmentOf(api);
const webEnv = environmentOf(web);

describe('docker-compose.yml', () => {
  it('has every service the app needs', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'api', 'gateway', 'web']));
    expect(services.postgres!.image).toMatch(/^postgres:18(\b|$)/);
    expect(services.redis!.image).toMatch(/^redis:7(\b|$)/);
    expect(dockerfileOf(api)).toBe('apps/api/Dockerfile');
    expect(dockerfileOf(web)).toBe('apps/web/Dockerfile');
    for (const file of ['apps/api/Dockerfile', 'apps/web/Dockerfile', '.dockerignore']) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
  });

  it('refuses to start without the database password: a secret has no fallback', () => {
    expect(() => loadCompose({})).toThrow(/POSTGRES_PASSWORD/);
  });

  describe('the api service', () => {
    let config: Config;
    it('has an environment that passes the API’s own config validation in production', () => {
      config = loadConfig(apiEnv);
      expect(config.NODE_ENV).toBe('production');
      expect(config.COOKIE_SECURE).toBe(true);
      expect(config.SEED_DEMO).toBe(false);
    });

    it('points DATABASE_URL at the postgres service with its user, password and database', () => {
      config ??= loadConfig(apiEnv);
      const url = new URL(config.DATABASE_URL!);
      const pg = environmentOf(services.postgres!);
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgres');
      expect(Number(url.port || 5432)).toBe(5432);
      expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
      expect(decodeURIComponent(url.password)).toBe(OPERATOR_ENV.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    });

    it('starts only once PostgreSQL and Redis are healthy', () => {
      expect(dependsOn(api).postgres).toBe('service_healthy');
      expect(healthcheckCommand(services.postgres!)).toMatch(/pg_isready/);
      expect(dependsOn(api).redis).toBe('service_healthy');
      expect(healthcheckCommand(services.redis!)).toMatch(/redis-cli.*ping/);
    });

    it('points REDIS_URL at the redis service, which keeps nothing on disk', () => {
      config ??= loadConfig(apiEnv);
      const url = new URL(config.REDIS_URL!);
      expect(url.protocol).toBe('redis:');
      expect(url.hostname).toBe('redis');
      expect(Number(url.port || 6379)).toBe(6379);
      const command = ([] as string[]).concat(services.redis!.command ?? []).join(' ');
      expect(command).toMatch(/--appendonly no/);
    });

    it('keeps PostgreSQL’s data in a named volume', () => {
      const mounts = (services.postgres!.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source, v.target]));
      const data = mounts.find(([, target]) => target === '/var/lib/postgresql' || target?.startsWith('/var/lib/postgresql/'));
      expect(data, 'a volume on /var/lib/postgresql').toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(data![0]);
    });

    it('is healthy only when /readyz answers on the configured PORT', () => {
      config ??= loadConfig(apiEnv);
      const command = healthcheckCommand(api);
      expect(command).toMatch(new RegExp(`//(127\\.0\\.0\\.1|localhost):${config.PORT}/readyz\\b`));
      expect(read('apps/api/src/server/server.ts')).toMatch(/app\.get\('\/readyz'/);
      expect((api.expose ?? []).map(String)).toContain(String(config.PORT));
    });

    it('runs two replicas that publish no port of their own', () => {
      expect(api.deploy?.replicas).toBeGreaterThanOrEqual(2);
      expect(api.ports ?? []).toEqual([]);
    });
  });

  describe('the gateway, the replicas’ one address', () => {
    const gateway = services.gateway!;
    const caddyfile = () => {
      const [ref] = gateway.configs ?? [];
      const source = typeof ref === 'string' ? ref : ref?.source;
      const target = typeof ref === 'string' ? undefined : ref?.target;
      expect(target ?? '/etc/caddy/Caddyfile').toBe('/etc/caddy/Caddyfile');
      const content = compose.configs?.[source!]?.content;
      expect(content, 'an inline Caddyfile').toBeDefined();
      return content!;
    };

    it('proxies to every api replica on the API’s PORT, re-resolving them in DNS', () => {
      const config = loadConfig(apiEnv);
      expect(gateway.image).toMatch(/^caddy:2/);
      expect(caddyfile()).toMatch(new RegExp(`dynamic a api ${config.PORT}\\b`));
      expect(dependsOn(gateway).api).toBe('service_healthy');
    });

    it('publishes the port its Caddyfile listens on', () => {
      const [published] = publishedPorts(gateway);
      expect(published).toBeDefined();
      expect(caddyfile()).toMatch(new RegExp(`^:${published!.container} \\{`, 'm'));
    });

    it('is the one proxy the API trusts (TRUST_PROXY = 1)', () => {
      expect(loadConfig(apiEnv).TRUST_PROXY).toBe(1);
    });

    it('lets the replicas share one rate-limit budget (in Redis, with REDIS_URL)', () => {
      expect(loadConfig(apiEnv).RATE_LIMIT_STORE).toBe('redis');
    });
  });

  describe('the web service and the API agree on addresses', () => {
    const [webPort] = publishedPorts(web);
    const [gatewayPort] = publishedPorts(services.gateway!);
    const webOrigin = `http://localhost:${webPort?.host}`;

    it('serves the web app on the published port', () => {
      expect(webPort, 'web publishes a port').toBeDefined();
      expect(webPort!.host).toBe(3000);
      expect(Number(webEnv.PORT)).toBe(webPort!.container);
      expect(healthcheckCommand(web)).toContain(`:${webEnv.PORT}/`);
    });

    it('sends the browser to the gateway’s published port, on the API’s GraphQL path', () => {
      const apiUrl = new URL(webEnv.PUBLIC_API_URL!);
      expect(apiUrl.hostname).toBe('localhost');
      expect(Number(apiUrl.port)).toBe(gatewayPort!.host);
      expect(apiUrl.pathname).toBe(GRAPHQL_PATH);
    });

    it('is an origin the API allows (CORS and the WebSocket upgrade), and the one it links to', () => {
      const config = loadConfig(apiEnv);
      expect(config.WEB_ORIGINS).toContain(webOrigin);
      expect(new URL(config.PUBLIC_WEB_URL).origin).toBe(webOrigin);
      expect(webEnv.ORIGIN).toBe(webOrigin);
    });
  });
});

describe('the Dockerfiles', () => {
  const cases = [
    {
      file: 'apps/api/Dockerfile',
      pkg: 'apps/api/package.json',
      filter: '@ripple/api',
      // tsc compiles src/ into dist/ (tsconfig.build.json); package.json `main` names the entry.
      entry: () => {
        const pkg = readJson('apps/api/package.json');
        const tsconfig = readJson('apps/api/tsconfig.build.json');
        expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
        expect(pkg.main).toBe('dist/main.js');
        expect(existsSync(path.join(ROOT, 'apps/api/src/main.ts'))).toBe(true);
        return `apps/api/${pkg.main}`;
      },
      builds: ['pnpm --filter @ripple/api build'],
    },
    {
      file: 'apps/web/Dockerfile',
      pkg: 'apps/web/package.json',
      filter: '@ripple/web',
      // adapter-node writes build/, and `start` runs its index.js.
      entry: () => {
        const pkg = readJson('apps/web/package.json');
        expect(read('apps/web/svelte.config.js')).toMatch(/@sveltejs\/adapter-node/);
        expect(read('apps/web/svelte.config.js')).not.toMatch(/\bout\s*:/);
        expect(pkg.scripts.start).toBe('node build/index.js');
        return 'apps/web/build/index.js';
      },
      builds: ['pnpm --filter @ripple/schema build', 'pnpm --filter @ripple/web build'],
    },
  ];

  describe.each(cases)('$file', ({ file, entry, builds }) => {
    const stages = parseDockerfile(file);
    const final = stages.at(-1)!;

    it('builds on node:20-slim with pnpm 10 from npm and the frozen lockfile', () => {
      for (const stage of stages) expect([...stages.map((s) => s.name), 'node:20-slim']).toContain(stage.from);
      expect(final.from).toBe('node:20-slim');
      const runs = runsOf(stages).join('\n');
      expect(runs).toMatch(/npm i(nstall)? -g pnpm@10\b/);
      expect(runs).toMatch(/pnpm install --frozen-lockfile/);
      for (const step of builds) expect(runs).toContain(step);
    });

    it('runs what the build produces', () => {
      expect(cmdOf(final)).toEqual(['node', entry()]);
      const copies = final.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
      const output = path.dirname(entry());
      expect(copies.some((c) => /--from=\S+/.test(c) && c.includes(output)), `the final stage copies ${output}`).toBe(true);
      expect(copies.some((c) => c.includes(path.join(path.dirname(output), 'package.json'))), 'and its package.json (module type)').toBe(true);
    });

    it('runs as an unprivileged user', () => {
      const user = final.instructions.filter((i) => i.op === 'USER').at(-1)?.args;
      expect(user, 'a USER in the final stage').toBeDefined();
      expect(['root', '0', '0:0']).not.toContain(user);
    });

    it('copies only what .dockerignore lets into the context, and every workspace manifest for the lockfile', () => {
      const patterns = read('.dockerignore')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      const sources = contextSources(stages);
      for (const source of sources) {
        expect(existsSync(path.join(ROOT, source)), `${source} exists`).toBe(true);
        for (const file of sourceFiles(source)) expect(ignored(patterns, file), `${file} is in the build context`).toBe(false);
      }
      const workspaces = ['apps/api', 'apps/web', 'packages/schema', 'tests'];
      for (const manifest of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...workspaces.map((w) => `${w}/package.json`)]) {
        const copied = sources.map((s) => s.replace(/\/$/, '')).some((s) => s === manifest || manifest.startsWith(`${s}/`));
        expect(copied, `${manifest} is copied before pnpm install`).toBe(true);
      }
    });
  });

  it('keeps dependencies, builds, secrets and git history out of the build context', () => {
    const patterns = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const file of ['node_modules', 'apps/api/node_modules', 'apps/api/dist', 'apps/web/build', 'apps/web/.svelte-kit', '.git', '.data', '.env', 'apps/api/.env']) {
      expect(ignored(patterns, file), file).toBe(true);
    }
  });
});
