import { describe, expect, it } from 'vitest';
import { CascadeLayout, LayoutColumnStore, personAnchors } from './cascade-layout';
import { sarahShareSnapshot, syntheticSnapshot } from './fixtures';
import { storyColumns } from './story-columns';

function columnsOf(snapshot: ReturnType<typeof sarahShareSnapshot>) {
  const store = new LayoutColumnStore();
  const columns = storyColumns(snapshot);
  store.add(columns, true);
  return store;
}

const angle = (x: number, y: number) => Math.atan2(y, x);

describe('CascadeLayout', () => {
  it('puts the starter at the centre and everyone on the ring of their depth, behind whoever brought them', () => {
    const snapshot = sarahShareSnapshot();
    const columns = columnsOf(snapshot);
    const people = snapshot.people.id.length;
    const { x, y } = new CascadeLayout().layoutAll(columns, people);
    const at = (name: string) => snapshot.people.name.indexOf(name);
    const distance = (p: number) => Math.hypot(x[p]!, y[p]!);
    expect(distance(at('Sarah Okafor'))).toBe(0);
    // Sarah → Julien → Chris → Chris's readers: one ring further out each hop.
    expect(distance(at('Julien Moreau'))).toBeLessThan(distance(at('Chris Adeyemi')));
    const anchors = personAnchors(columns, 0, new Int32Array(people), new Uint8Array(people));
    expect(anchors).toHaveLength(people);
    const chrisReaders = Array.from({ length: people }, (_, p) => p).filter((p) => distance(p) > distance(at('Chris Adeyemi')) + 1);
    expect(chrisReaders.length).toBeGreaterThanOrEqual(25);
    // Chris's readers fan out around Chris's direction, within the wedge of his people.
    const chris = angle(x[at('Chris Adeyemi')]!, y[at('Chris Adeyemi')]!);
    for (const p of chrisReaders) {
      const turn = angle(x[p]!, y[p]!) - chris;
      expect(Math.abs(Math.atan2(Math.sin(turn), Math.cos(turn)))).toBeLessThan(2.2);
    }
  });

  it('is deterministic and places nobody on top of anybody', () => {
    const snapshot = sarahShareSnapshot();
    const a = new CascadeLayout().layoutAll(columnsOf(snapshot), snapshot.people.id.length);
    const b = new CascadeLayout().layoutAll(columnsOf(snapshot), snapshot.people.id.length);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    for (let p = 0; p < a.x.length; p++) {
      for (let q = p + 1; q < a.x.length; q++) expect(Math.hypot(a.x[p]! - a.x[q]!, a.y[p]! - a.y[q]!)).toBeGreaterThan(8);
    }
  });

  it('keeps everyone where they are when people join live', () => {
    const whole = syntheticSnapshot(400);
    const all = columnsOf(whole);
    const layout = new CascadeLayout();
    const head = new LayoutColumnStore();
    head.add({ kind: all.kind.slice(0, 300), parent: all.parent.slice(0, 300), actor: all.actor.slice(0, 300), subject: all.subject.slice(0, 300), subject2: all.subject2.slice(0, 300) }, true);
    const peopleIn = (count: number) => Math.max(...all.actor.slice(0, count), ...all.subject.slice(0, count)) + 1;
    const first = layout.layoutAll(head, peopleIn(300));
    const before = Array.from(layout.x.subarray(0, first.x.length));
    head.add({ kind: all.kind.slice(300), parent: all.parent.slice(300), actor: all.actor.slice(300), subject: all.subject.slice(300), subject2: all.subject2.slice(300) }, false);
    const later = layout.append(head, 300, peopleIn(400));
    expect(later.from).toBe(first.x.length);
    expect(later.x.length).toBe(peopleIn(400) - first.x.length);
    expect(Array.from(layout.x.subarray(0, first.x.length))).toEqual(before);
    // Newcomers are placed, not left at the centre.
    for (let k = 0; k < later.x.length; k++) expect(Math.hypot(later.x[k]!, later.y[k]!)).toBeGreaterThan(50);
  });

  it('lays out 50,000 people in one pass, in a compact disc', () => {
    const snapshot = syntheticSnapshot(50_000);
    const { x, y } = new CascadeLayout().layoutAll(columnsOf(snapshot), snapshot.people.id.length);
    let widest = 0;
    for (let p = 0; p < x.length; p++) widest = Math.max(widest, Math.hypot(x[p]!, y[p]!));
    expect(Number.isFinite(widest)).toBe(true);
    expect(widest).toBeLessThan(20_000);
  }, 30_000);
});
