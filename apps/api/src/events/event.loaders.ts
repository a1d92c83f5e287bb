import type { EntityManager } from '@mikro-orm/postgresql';
import { EventEntity } from './event.entity.js';
import { Loader, registerLoaders } from '../graphql/loaders.js';

export function createEventLoaders(em: EntityManager) {
  return {
    eventById: new Loader<string, EventEntity | null>(async (ids) => {
      const events = await em.find(EventEntity, { id: { $in: ids as string[] } });
      const byId = new Map(events.map((e) => [e.id, e]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type EventLoaders = ReturnType<typeof createEventLoaders>;

declare module '../graphql/loaders.js' {
  interface Loaders {
    events: EventLoaders;
  }
}
registerLoaders('events', ({ em }) => createEventLoaders(em));
