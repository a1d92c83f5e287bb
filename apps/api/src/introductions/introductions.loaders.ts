import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IntroductionView } from './introduction-view.js';
import { introductionsForIds } from './introductions.service.js';
import { registerLoaders } from '../graphql/loaders.js';

export function createIntroductionLoaders(em: EntityManager, viewerId: string | null) {
  return {
    /** The viewer's view of each introduction, or null where they may not see it. */
    byId: new DataLoader<string, IntroductionView | null>((ids) => introductionsForIds(em, viewerId, ids)),
  };
}

export type IntroductionLoaders = ReturnType<typeof createIntroductionLoaders>;

declare module '../graphql/loaders.js' {
  interface Loaders {
    introductions: IntroductionLoaders;
  }
}
registerLoaders('introductions', ({ em, viewerId }) => createIntroductionLoaders(em, viewerId));
