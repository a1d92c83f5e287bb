import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

/**
 * The WebSocket path takes the client's address by the same rule as HTTP
 * (Express's `trust proxy` = TRUST_PROXY hops of X-Forwarded-For), so the
 * sign-in budgets per address hold behind a proxy on both transports.
 */
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
const ATTEMPTS = 3;

/** One signIn over a WebSocket whose upgrade carried `X-Forwarded-For: address`; answers the error code, if any. */
async function signInOverWs(api: TestApi, as: TestPerson, email: string, address: string): Promise<string | undefined> {
  const client = createClient({
    url: api.wsUrl,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${as.token}` },
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': address } });
      }
    },
  });
  try {
    return await new Promise<string | undefined>((resolve, reject) => {
      let code: string | undefined;
      client.subscribe(
        { query: SIGN_IN, variables: { input: { email, password: 'not the password' } } },
        {
          next: (result) => (code = (result.errors?.[0]?.extensions as { code?: string } | undefined)?.code),
          error: reject,
          complete: () => resolve(code),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe('the WebSocket client address', () => {
  describe('behind one trusted proxy', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ TRUST_PROXY: '1', SIGN_IN_ATTEMPTS: String(ATTEMPTS) });
    });
    afterAll(() => api?.close());

    it('is the X-Forwarded-For address: one address is limited, another is not', async () => {
      const socketOwner = await newPerson(api);
      const victim = await newPerson(api);
      for (let i = 0; i < ATTEMPTS; i++) {
        expect(await signInOverWs(api, socketOwner, victim.email, '203.0.113.7')).toBe('UNAUTHENTICATED');
      }
      expect(await signInOverWs(api, socketOwner, victim.email, '203.0.113.7')).toBe('RATE_LIMITED');
      expect(await signInOverWs(api, socketOwner, victim.email, '198.51.100.20')).toBe('UNAUTHENTICATED');
    });
  });

  describe('with no trusted proxy', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ SIGN_IN_ATTEMPTS: String(ATTEMPTS) });
    });
    afterAll(() => api?.close());

    it('ignores a forged X-Forwarded-For: the socket address is what gets limited', async () => {
      const socketOwner = await newPerson(api);
      const victim = await newPerson(api);
      for (let i = 0; i < ATTEMPTS; i++) {
        expect(await signInOverWs(api, socketOwner, victim.email, `192.0.2.${i + 1}`)).toBe('UNAUTHENTICATED');
      }
      expect(await signInOverWs(api, socketOwner, victim.email, '192.0.2.200')).toBe('RATE_LIMITED');
    });
  });
});
