import { parseIdSecret } from '../../apps/api/src/config/config.js';
import { useIdSecret } from '../../apps/api/src/graphql/global-ids.js';
import { TEST_ID_SECRET } from './stack.js';

/**
 * Global ids and cursors as the API processes of this test file make them:
 * relay.ts's helpers under the same key (TEST_ID_SECRET). Never build an id
 * by hand; they are encrypted.
 */
useIdSecret(parseIdSecret(TEST_ID_SECRET)!);

export { encodeCursor, fromGlobalId, localIdOf, toGlobalId } from '../../apps/api/src/graphql/relay.js';
