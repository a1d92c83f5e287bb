import { EventVisibility } from './event.entity.js';

/** Who may see one event; the same rule for every read path and every live delivery. */
export function canSeeEvent(
  viewerId: string | null,
  event: { actorId: string; subjectPersonId: string | null; visibility: EventVisibility },
): boolean {
  if (viewerId === null) return false;
  switch (event.visibility) {
    case EventVisibility.PUBLIC:
      return true;
    case EventVisibility.PARTICIPANTS:
      return viewerId === event.actorId || viewerId === event.subjectPersonId;
    case EventVisibility.PRIVATE:
      return viewerId === event.actorId;
  }
}
