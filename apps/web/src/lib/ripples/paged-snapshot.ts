import { NO_INDEX, RIPPLE_SNAPSHOT_VERSION, type EventKind, type RippleSnapshotData } from '@ripple/schema';

/**
 * Until `Ripple.snapshot` is served, the explorer assembles the same
 * columnar value from the paged `Ripple.events` and `Ripple.people`
 * (RippleSource reads every page first). Events are in id order, every
 * one after its cause; one whose cause the viewer cannot see is left out
 * with everything below it, as the snapshot does.
 */
export interface PagedEvent {
  id: string;
  kind: EventKind;
  actorId: string;
  subjectId: string | null;
  subject2Id: string | null;
  shareId: string | null;
  introductionId: string | null;
  causeId: string | null;
  createdAt: string;
}

export interface PagedPerson {
  id: string;
  handle: string;
  name: string;
  avatarUrl: string | null;
}

export function snapshotFromPages(events: readonly PagedEvent[], people: readonly PagedPerson[]): RippleSnapshotData {
  const cards = new Map(people.map((p) => [p.id, p]));
  const position = new Map<string, number>();
  const kindIndex = new Map<EventKind, number>();
  const personIndex = new Map<string, number>();
  const shareIndex = new Map<string, number>();
  const introductionIndex = new Map<string, number>();
  const snapshot: RippleSnapshotData = {
    v: RIPPLE_SNAPSHOT_VERSION,
    size: 0,
    startedAt: events.length > 0 ? Date.parse(events[0]!.createdAt) : 0,
    cursor: '',
    kinds: [],
    events: { id: [], kind: [], parent: [], at: [], actor: [], subject: [], subject2: [], share: [], introduction: [] },
    people: { id: [], handle: [], name: [], avatarUrl: [] },
    shares: { id: [], title: [] },
    introductions: { id: [] },
  };
  const intern = <K>(map: Map<K, number>, key: K, add: () => void): number => {
    let index = map.get(key);
    if (index === undefined) {
      index = map.size;
      map.set(key, index);
      add();
    }
    return index;
  };
  const person = (id: string | null) =>
    id === null
      ? NO_INDEX
      : intern(personIndex, id, () => {
          const card = cards.get(id);
          snapshot.people.id.push(id);
          snapshot.people.handle.push(card?.handle ?? '');
          snapshot.people.name.push(card?.name ?? 'Someone');
          snapshot.people.avatarUrl.push(card?.avatarUrl ?? null);
        });
  const e = snapshot.events;
  for (const event of events) {
    const parent = position.size === 0 ? NO_INDEX : event.causeId === null ? undefined : position.get(event.causeId);
    if (parent === undefined || position.has(event.id)) continue;
    position.set(event.id, e.id.length);
    e.id.push(event.id);
    e.kind.push(intern(kindIndex, event.kind, () => snapshot.kinds.push(event.kind)));
    e.parent.push(parent);
    e.at.push(Math.max(0, Date.parse(event.createdAt) - snapshot.startedAt));
    e.actor.push(person(event.actorId));
    e.subject.push(person(event.subjectId));
    e.subject2.push(person(event.subject2Id));
    e.share.push(event.shareId === null ? NO_INDEX : intern(shareIndex, event.shareId, () => (snapshot.shares.id.push(event.shareId!), snapshot.shares.title.push(''))));
    e.introduction.push(
      event.introductionId === null ? NO_INDEX : intern(introductionIndex, event.introductionId, () => snapshot.introductions.id.push(event.introductionId!)),
    );
  }
  snapshot.size = e.id.length;
  snapshot.cursor = e.id.at(-1) ?? '';
  return snapshot;
}
