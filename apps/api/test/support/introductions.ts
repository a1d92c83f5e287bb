import { localIdOf } from '../../src/graphql/relay.js';
import type { TestApi } from './test-api.js';
import { follow, newPerson, type TestPerson } from './factories.js';

/** Everything a viewer can ask of an introduction: what the privacy tests compare. */
export const INTRODUCTION_FIELDS = `
  id status reason noteToMe noteForA noteForB mode viewerIsConnector myAnswer snoozedUntil
  canRespond canWithdraw closeReason meetingAsked myMeetingAnswer expiresAt createdAt connectedAt
  connector { handle } people { handle } otherPerson { handle contact { email } }
  answers { person { handle } askedAt answer answeredAt met }
  connectedEvent { id kind }
  messages { edges { node { body author { handle } } } }
`;

export async function proposeIntroduction(
  api: TestApi,
  connector: TestPerson,
  a: TestPerson,
  b: TestPerson,
  extra: Record<string, unknown> = {},
) {
  return api.gql(
    `mutation ($input: ProposeIntroductionInput!) { proposeIntroduction(input: $input) { ${INTRODUCTION_FIELDS} } }`,
    { input: { personAId: a.id, personBId: b.id, reason: 'You both run reading circles.', ...extra } },
    { token: connector.token },
  );
}

/**
 * Makes each of `people` follow `connector`: the relationship a connector
 * needs with both people they introduce (LIFECYCLE.md "Who may introduce whom").
 */
export async function letIntroduce(api: TestApi, connector: TestPerson, ...people: TestPerson[]): Promise<void> {
  for (const person of people) await follow(api, person, connector);
}

/** A connector and two new members who follow them, so the connector may introduce them. */
export async function newTrio(api: TestApi): Promise<{ connector: TestPerson; a: TestPerson; b: TestPerson }> {
  const [connector, a, b] = [await newPerson(api), await newPerson(api), await newPerson(api)];
  await letIntroduce(api, connector, a, b);
  return { connector, a, b };
}

/** Proposes and returns the new introduction's id, failing loudly otherwise. */
export async function newIntroduction(api: TestApi, connector: TestPerson, a: TestPerson, b: TestPerson, extra: Record<string, unknown> = {}) {
  const res = await proposeIntroduction(api, connector, a, b, extra);
  if (!res.data?.proposeIntroduction) throw new Error(`proposeIntroduction failed: ${JSON.stringify(res.errors)}`);
  return res.data.proposeIntroduction.id as string;
}

export function viewIntroduction(api: TestApi, viewer: TestPerson | null, id: string) {
  return api.gql(`query ($id: ID!) { introduction(id: $id) { ${INTRODUCTION_FIELDS} } }`, { id }, viewer ? { token: viewer.token } : {});
}

export function respond(api: TestApi, person: TestPerson, id: string, response: 'ACCEPT' | 'DECLINE' | 'NOT_NOW') {
  return api.gql(
    `mutation ($id: ID!, $r: IntroductionResponse!) { respondToIntroduction(introductionId: $id, response: $r) { ${INTRODUCTION_FIELDS} } }`,
    { id, r: response },
    { token: person.token },
  );
}

export function withdraw(api: TestApi, person: TestPerson | null, id: string) {
  return api.gql(
    `mutation ($id: ID!) { withdrawIntroduction(introductionId: $id) { status closeReason } }`,
    { id },
    person ? { token: person.token } : {},
  );
}

/** Moves an introduction's expiry into the past, as if its 14 days had gone by. */
export async function expire(api: TestApi, id: string) {
  const local = localIdOf(id, 'Introduction');
  await api.db(`update introduction set expires_at = now() - interval '1 second' where id = ?`, [local]);
}
