import type { Config } from '../config/config.js';
import { budgetFactory, type BudgetStore, type OnStoreError } from './budget.js';

/**
 * Every rate limit of the API, in one place (README, Configuration). The
 * password budgets follow OWASP's authentication guidance: they are taken
 * *before* the slow hash is checked (so concurrent guesses cannot all get
 * through), and a stranger's failures never lock the owner out:
 *
 * - per (address, account) pair: SIGN_IN_ATTEMPTS per window; the one hard
 *   stop an account sees, and only from the guessing address. A success
 *   resets it.
 * - per account, from any address: past SIGN_IN_ACCOUNT_ATTEMPTS failures,
 *   each further attempt waits SIGN_IN_ACCOUNT_DELAY_SECONDS, twice that,
 *   … up to SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS (bounds a distributed
 *   guesser: about 125 guesses a day at the defaults). An
 *   address that has signed in to the account before skips the wait, so the
 *   owner at home is never slowed down by anyone.
 * - per address, across accounts (credential stuffing):
 *   SIGN_IN_ADDRESS_ATTEMPTS failures per window.
 *
 * Re-entering the password to change the email or password goes through
 * the same budgets, so a stolen session gains no extra guesses.
 */
export interface RateLimits {
  /** Before verifying a password for `email` from `address`: takes from every budget or throws RATE_LIMITED. */
  beforePasswordCheck(address: string, email: string): Promise<void>;
  /** After verifying it: a success gives back what a success should not cost. */
  afterPasswordCheck(address: string, email: string, ok: boolean): Promise<void>;
  /** Before a sign-up's hash. */
  beforeSignUp(address: string): Promise<void>;
  /** Before a connector's proposal. */
  beforeIntroductionProposal(connectorId: string): Promise<void>;
}

const DAY = 86_400;

export function createRateLimits(config: Config, store: BudgetStore, onStoreError: OnStoreError): RateLimits {
  const budget = budgetFactory(store, onStoreError);
  const pair = budget({ name: 'signin_pair', points: config.SIGN_IN_ATTEMPTS, seconds: config.SIGN_IN_WINDOW_SECONDS });
  const account = budget({
    name: 'signin_account',
    points: config.SIGN_IN_ACCOUNT_ATTEMPTS,
    seconds: config.SIGN_IN_ACCOUNT_WINDOW_SECONDS,
  });
  // One attempt per key per delay: the delay is the window of a new key.
  const accountGate = budget({ name: 'signin_account_gate', points: 1, seconds: 1 });
  const known = budget({ name: 'signin_known', points: 1, seconds: config.SIGN_IN_KNOWN_ADDRESS_DAYS * DAY });
  const address = budget({
    name: 'signin_address',
    points: config.SIGN_IN_ADDRESS_ATTEMPTS,
    seconds: config.SIGN_IN_ADDRESS_WINDOW_SECONDS,
  });
  const signUp = budget({ name: 'signup_address', points: config.SIGN_UP_ATTEMPTS, seconds: config.SIGN_UP_WINDOW_SECONDS });
  const proposals = budget({
    name: 'introduction_proposals',
    points: config.INTRODUCTION_PROPOSALS,
    seconds: config.INTRODUCTION_PROPOSALS_WINDOW_SECONDS,
  });

  const pairKey = (from: string, email: string) => `${from}\n${email}`;

  return {
    async beforePasswordCheck(from, email) {
      await address.take(from, 'Too many failed sign-ins from your network.');
      await pair.take(pairKey(from, email), 'Too many sign-in attempts for this account.');
      const failures = await account.count(email);
      const over = failures - config.SIGN_IN_ACCOUNT_ATTEMPTS;
      if (over <= 0 || (await known.isMarked(pairKey(from, email)))) return;
      const delay = Math.min(
        config.SIGN_IN_ACCOUNT_DELAY_SECONDS * 2 ** Math.min(over - 1, 30),
        config.SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS,
      );
      try {
        await accountGate.take(email, 'This account has had many failed sign-ins.', delay);
      } catch (error) {
        await account.refund(email); // refused before any check: not a failure
        throw error;
      }
    },

    async afterPasswordCheck(from, email, ok) {
      if (!ok) return; // already counted before the check
      await Promise.all([
        pair.reset(pairKey(from, email)),
        address.refund(from),
        account.refund(email),
        known.mark(pairKey(from, email), config.SIGN_IN_KNOWN_ADDRESS_DAYS * DAY),
      ]);
    },

    beforeSignUp: (from) => signUp.take(from, 'Too many sign-ups from your network.'),

    beforeIntroductionProposal: (connectorId) =>
      proposals.take(connectorId, `You have proposed ${config.INTRODUCTION_PROPOSALS} introductions recently.`),
  };
}
