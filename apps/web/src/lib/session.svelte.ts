import { goto } from '$app/navigation';
import { SignOutDocument, ViewerDocument, type ViewerFieldsFragment } from '@ripple/schema';
import { getClient, onUnauthenticated, resetClient } from './graphql/client';
import { hasCode } from './graphql/problems';

export type Viewer = ViewerFieldsFragment;

/**
 * Who is signed in, shared by every page. The cookie is httpOnly and on the
 * API's origin, so the only way to know is to ask the API (`viewer`), once
 * per page load; sign-in, sign-up and sign-out then keep this in step.
 */
class Session {
  viewer = $state<Viewer | null>(null);
  #known: Promise<Viewer | null> | null = null;

  constructor() {
    // A session that expires or is ended elsewhere shows up as UNAUTHENTICATED
    // on some later operation; only then is there a viewer to forget.
    onUnauthenticated(() => {
      if (!this.viewer) return;
      this.#forget();
      void goto('/signin');
    });
  }

  /** The viewer, asking the API only the first time. Rejects if the API cannot be reached. */
  ensure(): Promise<Viewer | null> {
    this.#known ??= getClient()
      .query(ViewerDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (result.error) throw result.error;
        this.viewer = result.data?.viewer ?? null;
        return this.viewer;
      })
      .catch((error: unknown) => {
        this.#known = null; // try again on the next navigation
        throw error;
      });
    return this.#known;
  }

  /** After sign-up or sign-in: a fresh client, so nothing cached belongs to someone else. */
  signedIn(person: Viewer): void {
    resetClient();
    this.#set(person);
  }

  /** After an edit of the viewer's own card (the handle or name may have changed). */
  update(person: Viewer): void {
    if (this.viewer?.id === person.id) this.#set(person);
  }

  async signOut(): Promise<void> {
    const result = await getClient().mutation(SignOutDocument, {}).toPromise();
    // Already signed out elsewhere is as good as signed out here.
    if (result.error && !hasCode(result.error, 'UNAUTHENTICATED')) throw result.error;
    this.#forget();
    // Signed out on purpose: the landing page (what Ripple is, sign in again); an expired session goes to sign-in instead.
    await goto('/welcome');
  }

  #forget(): void {
    resetClient();
    this.#set(null);
  }

  #set(viewer: Viewer | null) {
    this.viewer = viewer && { id: viewer.id, handle: viewer.handle, name: viewer.name, avatarUrl: viewer.avatarUrl };
    this.#known = Promise.resolve(this.viewer);
  }
}

export const session = new Session();
