import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDatabase } from './src/db/database.js';
import { databaseUrl, startEmbeddedPostgres } from './src/db/embedded-postgres.js';
import { initOrm, migrate } from './src/db/orm.js';
import { seedSyntheticCommunity } from './src/seed/synthetic-community.js';
import { rippleTrees, rippleStats } from './src/ripples/ripples.service.js';
import { subtreeOf } from './src/ripples/ripple-tree.js';
import pg from 'pg';
const dir = mkdtempSync(path.join(tmpdir(), 'ripple-prof-'));
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(db.url, 'bench');
  const orm = await initOrm(databaseUrl(db.url, 'bench'));
  await migrate(orm);
  const seeded = await seedSyntheticCommunity(orm.em.fork(), { people: 20000, events: 30000, seed: 1, largest: 5000 });
  const root = seeded.largest[0]!.rootEventId;
  const viewer = { person: { id: '1' } as any, sessionId: '1' };
  const sql = `select e.* from event e where e.root_id = ${root} and e.id >= ${root} order by e.id`;
  for (let i = 0; i < 5; i++) {
    const em = orm.em.fork();
    let t = performance.now();
    const raws = await em.execute(sql);
    const tSql = performance.now() - t;
    t = performance.now();
    const trees = await rippleTrees(em, viewer, [root]);
    const tAll = performance.now() - t;
    t = performance.now();
    const s = rippleStats(trees.get(root)!);
    const tStats = performance.now() - t;
    const client = new pg.Client({ connectionString: databaseUrl(db.url, 'bench') }); await client.connect();
    t = performance.now(); await client.query(sql); const tPg = performance.now() - t;
    t = performance.now(); await client.query(sql.replace('e.*', 'e.id, e.kind, e.actor_id, e.subject_person_id, e.cause_id, e.depth, e.created_at')); const tPgLean = performance.now() - t;
    const r2 = await client.query(`explain analyze ${sql}`); 
    await client.end();
    console.log({ rows: raws.length, tSql: tSql.toFixed(1), tRippleTrees: tAll.toFixed(1), tStats: tStats.toFixed(1), tPg: tPg.toFixed(1), tPgLean: tPgLean.toFixed(1), size: s.size });
    if (i === 4) console.log(r2.rows.map((r: any) => r['QUERY PLAN']).join('\n'));
  }
  await orm.close();
} finally { await db.stop(); rmSync(dir, { recursive: true, force: true }); }
