/**
 * Rate-limit budgets for tests that are not about limits: the harnesses
 * (test-api.ts here, tests/support for built processes) sign many people up
 * from 127.0.0.1. A test about a limit passes small numbers of its own.
 */
export const GENEROUS_LIMITS: Record<string, string> = {
  SIGN_IN_ATTEMPTS: '10000',
  SIGN_IN_ACCOUNT_ATTEMPTS: '20000',
  SIGN_IN_ADDRESS_ATTEMPTS: '100000',
  SIGN_UP_ATTEMPTS: '100000',
  INTRODUCTION_PROPOSALS: '100000',
};
