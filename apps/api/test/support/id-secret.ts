import { inject } from 'vitest';
import { parseIdSecret } from '../../src/config/config.js';
import { useIdSecret } from '../../src/graphql/global-ids.js';

/**
 * Runs before every API test file (vitest `setupFiles`): the run's ID secret
 * becomes this worker's key, so tests can build and read ids and cursors with
 * relay.ts's helpers, and every test server (startTestApi passes the same
 * secret as ID_SECRET) agrees with them.
 */
useIdSecret(parseIdSecret(inject('idSecret'))!);
