import { StartHereDocument, type StartHereQuery } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { startHereSteps, type Step } from './steps';

type Data = StartHereQuery['startHere'];

/** How many suggested people the directory shows a newcomer. */
export const SUGGESTED_COUNT = 5;

/**
 * The newcomer's "start here" checklist, shared by the header (its link and
 * progress) and the People page (the list itself). The counts come from the
 * API; "explored a ripple" and "dismissed" are remembered in this browser,
 * per member (nothing on the server records a page being opened).
 */
class StartHere {
  data = $state<Data | null>(null);
  #viewerId = $state<string | null>(null);
  #explored = $state(false);
  #dismissed = $state(false);

  steps: Step[] = $derived(this.data ? startHereSteps(this.data, this.#explored) : []);
  doneCount = $derived(this.steps.filter((s) => s.done).length);
  /** Shown until every step is done or it is dismissed. */
  visible = $derived(this.data !== null && !this.#dismissed && this.doneCount < this.steps.length);

  get viewerId(): string | null {
    return this.#viewerId;
  }

  /** For this viewer (null: signed out): reads what this browser remembers and asks the API once. */
  async start(viewerId: string | null): Promise<void> {
    if (viewerId === this.#viewerId) return;
    this.#viewerId = viewerId;
    this.data = null;
    this.#explored = viewerId ? remembered(viewerId, 'explored') : false;
    this.#dismissed = viewerId ? remembered(viewerId, 'dismissed') : false;
    await this.refresh();
  }

  /** Asks the API again (a page that shows the checklist, or after an act that may tick a step). */
  async refresh(): Promise<void> {
    const viewerId = this.#viewerId;
    if (!viewerId) return;
    const result = await getClient().query(StartHereDocument, { suggested: SUGGESTED_COUNT }, { requestPolicy: 'network-only' }).toPromise();
    if (result.data && viewerId === this.#viewerId) this.data = result.data.startHere;
  }

  /** This member opened a ripple's explorer. */
  markExplored(viewerId: string): void {
    remember(viewerId, 'explored');
    if (viewerId === this.#viewerId) this.#explored = true;
  }

  dismiss(): void {
    if (!this.#viewerId) return;
    this.#dismissed = true;
    remember(this.#viewerId, 'dismissed');
  }
}

const key = (viewerId: string, what: string) => `ripple.start-here.${what}.${viewerId}`;

function remembered(viewerId: string, what: string): boolean {
  try {
    return localStorage.getItem(key(viewerId, what)) === '1';
  } catch {
    return false; // storage blocked: the checklist simply forgets
  }
}

function remember(viewerId: string, what: string): void {
  try {
    localStorage.setItem(key(viewerId, what), '1');
  } catch {
    // storage blocked: remembered for this page load only
  }
}

export const startHere = new StartHere();
