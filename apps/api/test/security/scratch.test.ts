import { afterAll, beforeAll, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';
import { runOnce, rawSocket } from './support/ws.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

function deep(n: number) {
  // depth n: viewer(1) followers(2) edges(3) node(4) ...
  let inner = 'id';
  let levels = 1;
  let q = 'id';
  const parts = ['followers', 'edges', 'node'];
  let s = 'id';
  let depth = 1; // id
  const wrappers: string[] = [];
  while (depth + 1 < n) { wrappers.push(parts[wrappers.length % 3]!); depth++; }
  for (const w of wrappers.reverse()) s = `${w} { ${s} }`;
  return `{ viewer { ${s} } }`;
}
it('explore', async () => {
  const p = await newPerson(api);
  for (const n of [10, 11]) {
    api.resetSqlLog();
    const r = await api.gql(deep(n));
    console.log(n, deep(n), r.status, JSON.stringify(r), api.sql);
    const w = await runOnce(api, deep(n), {}, { token: p.token });
    console.log('ws', JSON.stringify(w));
  }
  const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
  console.log(JSON.stringify(await api.gql(aliases)));
  console.log(JSON.stringify(await runOnce(api, aliases, {}, { token: p.token })));
  const res = await fetch(api.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]) });
  console.log(res.status, await res.text());
  const r2 = await fetch(api.httpUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ viewer { id } }' }) });
  console.log(r2.status, await r2.text());
  console.log(JSON.stringify(await api.gql('{ people(first: -1) { edges { node { id } } } }', {}, { token: p.token })));
  console.log(JSON.stringify(await api.gql('{ people(first: 99999999) { edges { node { id } } } }', {}, { token: p.token })));
  console.log(JSON.stringify(await api.gql('{ people(first: 100) { edges { node { followers(first: 100) { edges { node { id } } } } } } }', {}, { token: p.token })));
  console.log(JSON.stringify(await api.gql('{ ...__schema } fragment __schema on Query { people(first: 100) { edges { node { followers(first: 100) { edges { node { id } } } } } } }', {}, { token: p.token })));
  console.log(JSON.stringify(await api.gql('{ __schema { types { name } } }')).slice(0, 200));
  console.log(JSON.stringify(await api.gql('{ viewr { id } }')).slice(0, 400));
});
