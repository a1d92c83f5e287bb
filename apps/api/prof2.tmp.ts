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
const dir = mkdtempSync(path.join(tmpdir(), 'ripple-prof-'));
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(db.url, 'bench');
  const orm = await initOrm(databaseUrl(db.url, 'bench'));
  await migrate(orm);
  const seeded = await seedSyntheticCommunity(orm.em.fork(), { people: 20000, events: 30000, seed: 1, largest: 5000 });
  const root = seeded.largest[0]!.rootEventId;
  const viewer = { person: { id: '1' } as any, sessionId: '1' };
  const variants: Record<string, string> = {
    star: `select e.* from event e where e.root_id = ${root} and e.id >= ${root} order by e.id`,
    lean: `select e.id, e.kind, e.actor_id, e.subject_person_id, e.subject_person2_id, e.subject_share_id, e.subject_introduction_id, e.cause_id, e.root_id, e.depth, e.visibility, e.created_at from event e where e.root_id = ${root} and e.id >= ${root} order by e.id`,
    leanEpoch: `select e.id, e.kind, e.actor_id, e.subject_person_id, e.subject_person2_id, e.subject_share_id, e.subject_introduction_id, e.cause_id, e.root_id, e.depth, e.visibility, (extract(epoch from e.created_at) * 1000)::float8 as created_ms from event e where e.root_id = ${root} and e.id >= ${root} order by e.id`,
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
  for (let round = 0; round < 2; round++) {
    for (const [name, sql] of Object.entries(variants)) {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) { const em = orm.em.fork(); const t = performance.now(); await em.execute(sql); times.push(performance.now() - t); }
      console.log(name, median(times));
    }
    const times: number[] = []; const st: number[] = [];
    for (let i = 0; i < 30; i++) { const em = orm.em.fork(); const t = performance.now(); const tr = await rippleTrees(em, viewer, [root]); times.push(performance.now() - t); const t2 = performance.now(); rippleStats(tr.get(root)!); st.push(performance.now() - t2); }
    console.log('rippleTrees', median(times), 'stats', median(st));
  }
  await orm.close();
} finally { await db.stop(); rmSync(dir, { recursive: true, force: true }); }
