import { describe, expect, it } from 'vitest';
import { sarahShareSnapshot } from '$lib/ripples/fixtures';
import { ripplePicture } from './ripple-picture';

describe('ripplePicture', () => {
  it('draws every person of the demo ripple once, its edges by type, and names the starter and the hubs', () => {
    const snapshot = sarahShareSnapshot();
    const picture = ripplePicture(snapshot);
    expect(picture.people).toHaveLength(snapshot.people.id.length);
    const types = picture.paths.map((p) => p.type);
    expect(types).toEqual(expect.arrayContaining(['share', 'reshare', 'follow']));
    const follows = picture.paths.find((p) => p.type === 'follow')!;
    expect(follows.d.split('M').length - 1).toBeGreaterThan(50);
    const names = picture.labels.map((l) => l.text);
    expect(names[0]).toBe('Sarah Okafor');
    expect(names).toContain('Chris Adeyemi');
    // The starter sits at the centre of the picture, with the largest dot.
    const root = snapshot.events.actor[0]!;
    expect(picture.people[root]).toMatchObject({ x: 0, y: 0 });
    expect(Math.max(...picture.people.map((p) => p.r))).toBe(picture.people[root]!.r);
  });
});
