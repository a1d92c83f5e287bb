// The RippleSnapshot scalar's format: defined beside the API code that builds it
// (apps/api/src/ripples/snapshot-format.ts, import-free), typed here with the schema's kinds.
import type { EventKind } from './generated/graphql.js';
import type { RippleSnapshotData as SnapshotFormat } from '../../../apps/api/src/ripples/snapshot-format.js';

export { NO_INDEX, RIPPLE_SNAPSHOT_VERSION } from '../../../apps/api/src/ripples/snapshot-format.js';
export type RippleSnapshotData = SnapshotFormat<EventKind>;
