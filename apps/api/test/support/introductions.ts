import type { TestApi } from './test-api.js';
import type { TestPerson } from './factories.js';
import { localIdOf } from '../../src/graphql/relay.js';

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
