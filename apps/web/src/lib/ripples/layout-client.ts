import type { EventKind } from '@ripple/schema';
import { CascadeLayout, LayoutColumnStore, type Placement } from './cascade-layout';

/** Columns of some events, as the layout needs them. */
export interface LayoutEvents {
  kind: EventKind[];
  parent: Int32Array | number[];
  actor: Int32Array | number[];
  subject: Int32Array | number[];
  subject2: Int32Array | number[];
}

export type LayoutRequest = { type: 'all' | 'append'; generation: number; events: LayoutEvents; people: number };
export type LayoutResponse = Placement & { type: 'placed'; generation: number; ms: number };

/**
 * Talks to the layout worker (layout.worker.ts); where workers are missing
 * (a test, an old browser) runs the same layout in this thread. Placements
 * come back in order, through `onplaced`.
 */
export class LayoutClient {
  #worker: Worker | null = null;
  #local: CascadeLayout | null = null;
  #localColumns = new LayoutColumnStore();
  #generation = 0;
  /** Milliseconds the last layout took (in the worker). */
  lastMs = 0;

  constructor(private readonly onplaced: (placement: Placement) => void) {
    if (typeof Worker !== 'undefined') {
      try {
        this.#worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
        this.#worker.onmessage = ({ data }: MessageEvent<LayoutResponse>) => {
          if (data.generation !== this.#generation) return;
          this.lastMs = data.ms;
          this.onplaced(data);
        };
        return;
      } catch {
        this.#worker = null;
      }
    }
    this.#local = new CascadeLayout();
  }

  /** Lays out the whole ripple (replacing anything before). */
  all(events: LayoutEvents, people: number): void {
    this.#send({ type: 'all', generation: ++this.#generation, events, people });
  }

  /** Places the people who joined with these events (which follow those sent before). */
  append(events: LayoutEvents, people: number): void {
    this.#send({ type: 'append', generation: this.#generation, events, people });
  }

  destroy(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #send(request: LayoutRequest) {
    if (this.#worker) {
      this.#worker.postMessage(request);
      return;
    }
    const columns = this.#localColumns;
    const from = columns.add(request.events, request.type === 'all');
    const layout = this.#local!;
    const started = performance.now();
    const placed = request.type === 'all' ? layout.layoutAll(columns, request.people) : layout.append(columns, from, request.people);
    this.lastMs = performance.now() - started;
    // Asynchronous like the worker, so callers see one behaviour.
    queueMicrotask(() => this.onplaced(placed));
  }
}
