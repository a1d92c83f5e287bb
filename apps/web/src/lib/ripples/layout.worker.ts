/**
 * The ripple's layout, off the main thread: the whole ripple once (the
 * snapshot), then whoever joins live. Messages in: `all` (every event's
 * columns) and `append` (the events after those); out: `placed`, the new
 * people's positions, in transferable arrays.
 */
import { CascadeLayout, LayoutColumnStore } from './cascade-layout';
import type { LayoutRequest, LayoutResponse } from './layout-client';

const layout = new CascadeLayout();
const columns = new LayoutColumnStore();
const scope = self as unknown as { onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: LayoutResponse, transfer: Transferable[]): void };

scope.onmessage = ({ data }) => {
  const from = columns.add(data.events, data.type === 'all');
  const started = performance.now();
  const placed = data.type === 'all' ? layout.layoutAll(columns, data.people) : layout.append(columns, from, data.people);
  scope.postMessage({ type: 'placed', generation: data.generation, ...placed, ms: performance.now() - started }, [placed.x.buffer, placed.y.buffer]);
};
