// Scratch (not committed): start a stack and capture ripple fixtures from the real API.
import { writeFileSync } from 'node:fs';
import { startStack } from './support/stack.js';

const stack = await startStack();
try {
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: any; errors?: unknown };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return json.data;
  };
  const signIn = await gql(`mutation($input: SignInInput!) { signIn(input: $input) { token person { id } } }`, {
    input: { email: 'sarah@demo.ripple.community', password: 'ripple-demo' },
  });
  const token = signIn.signIn.token;
  const started = await gql(`{ myRipples(role: STARTED, first: 20) { edges { node { root { id kind } stats { size } } } } }`, {}, token);
  const inn = await gql(`{ myRipples(role: IN, first: 20) { edges { node { root { id kind actor { name } } stats { size } } } } }`, {}, token);
  console.log(JSON.stringify(started), JSON.stringify(inn));
  const full = `query($id: ID!) { ripple(eventId: $id) { stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan }
    events(first: 1000) { edges { node { id kind actorId subjectId subject2Id shareId introductionId causeId depth createdAt } } }
    people(first: 1000) { edges { node { id handle name avatarUrl eventCount } } } } }`;
  const pick = async (id: string, name: string) => {
    const data = await gql(full, { id }, token);
    const r = data.ripple;
    writeFileSync(`/tmp/rw/${name}.json`, JSON.stringify({ eventId: id, stats: r.stats, events: r.events.edges.map((e: any) => e.node), people: r.people.edges.map((e: any) => e.node) }, null, 1));
    console.log(name, r.stats);
  };
  await pick(started.myRipples.edges[0].node.root.id, 'sarah-share');
  await pick(started.myRipples.edges.at(-1).node.root.id, 'sarah-follow');
  const amara = (await gql(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`, { input: { email: 'amara@demo.ripple.community', password: 'ripple-demo' } })).signIn.token;
  const am = await gql(`{ myRipples(role: STARTED, first: 20) { edges { node { root { id kind } stats { size } } } } }`, {}, amara);
  console.log(JSON.stringify(am));
  const biggest = am.myRipples.edges.slice().sort((a: any, b: any) => b.node.stats.size - a.node.stats.size)[0];
  const gqlA = async (id: string) => pick(id, 'amara-intro');
  void gqlA;
  const data = await gql(full, { id: biggest.node.root.id }, amara);
  const r = data.ripple;
  writeFileSync(`/tmp/rw/amara-intro.json`, JSON.stringify({ eventId: biggest.node.root.id, stats: r.stats, events: r.events.edges.map((e: any) => e.node), people: r.people.edges.map((e: any) => e.node) }, null, 1));
  console.log('amara', r.stats);
} finally {
  await stack.stop();
}
