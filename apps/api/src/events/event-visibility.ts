import { EventVisibility } from './event.entity.js';

/** Who may see one event; the same rule for every read path and every live delivery. */
export function canSeeEvent(
  viewerId: string | null,
  event: { visibility: EventVisibility; audience: readonly string[] },
): boolean {
  if (viewerId === null) return false;
  return event.visibility === EventVisibility.PUBLIC || event.audience.includes(viewerId);
}

/** The SQL twin of `canSeeEvent`, for a table aliased `e` and the viewer's id as the parameter. */
export const VISIBLE_TO_VIEWER_SQL = `(e.visibility = 'public' or ?::bigint = any(e.audience))`;
