import { describe, expect, it } from 'vitest';
import { comparisonSentence, explainFigures, viralityShape } from './explain';

const demo = {
  size: 60,
  depth: 3,
  widestLevel: 35,
  peopleReached: 59,
  newConnections: 0,
  newFollows: 55,
  structuralVirality: 2.7333333333333334,
  timeToFirstRipple: 0.001,
  timeSpan: 19800,
};

describe('explainFigures', () => {
  it('says what structural virality means for this ripple', () => {
    const virality = explainFigures(demo, 3).find((f) => f.key === 'structuralVirality')!;
    expect(virality.text).toBe('2.73');
    expect(virality.sentence).toBe('2.7: mostly one broadcast; long chains of reshares score higher.');
  });

  it('says where the widest level is, and shows time to first ripple', () => {
    const figures = explainFigures(demo, 3);
    expect(figures.find((f) => f.key === 'widestLevel')!.sentence).toBe('35 events were 3 hops from the start: its widest point.');
    expect(figures.find((f) => f.key === 'timeToFirstRipple')!.text).toBe('under 1 s');
    expect(figures.find((f) => f.key === 'timeSpan')!.text).toBe('5 h 30 min');
  });

  it('grades the shape from broadcast to chains', () => {
    expect(viralityShape(2)).toMatch(/^one broadcast/);
    expect(viralityShape(10)).toMatch(/chains/);
  });
});

describe('comparisonSentence', () => {
  it('compares with ripples of the same size in the community', () => {
    expect(comparisonSentence({ viralityPercentile: 81.6, comparedWith: 42, sizeFrom: 40, sizeTo: 80 })).toBe(
      'It spread more person to person than 82% of the 42 ripples of 40–80 events in this community.',
    );
    expect(comparisonSentence({ viralityPercentile: 10, comparedWith: 12, sizeFrom: 60, sizeTo: 60 })).toBe(
      'It was more of a broadcast than 90% of the 12 ripples of 60 events in this community.',
    );
  });
});
