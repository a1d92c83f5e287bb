import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX, feedPath, namesInAList, pageTitle, previewDescription, siteOf } from './share-meta';

describe('siteOf', () => {
  it('names the host without www, and nothing for what is not a web address', () => {
    expect(siteOf('https://www.example.com/a?b#c')).toBe('example.com');
    expect(siteOf('http://blog.example.org')).toBe('blog.example.org');
    expect(siteOf('javascript:alert(1)')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
  });
});

describe('previewDescription', () => {
  const share = { title: 'Awkward Moments', note: '', isReshare: false, sharerName: 'Sarah Okafor', authorName: 'Maya Lin' };

  it('is the note, on one line', () => {
    expect(previewDescription({ ...share, note: 'Read this.\n\nIt is  good.' })).toBe('Read this. It is good.');
  });

  it('shortens a long note to the limit, ending in an ellipsis', () => {
    const long = previewDescription({ ...share, note: 'word '.repeat(200) });
    expect(long.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(long.endsWith('…')).toBe(true);
  });

  it('says who shared whose work when there is no note', () => {
    expect(previewDescription(share)).toBe('Sarah Okafor shared “Awkward Moments” by Maya Lin on Ripple.');
    expect(previewDescription({ ...share, isReshare: true })).toMatch(/^Sarah Okafor reshared/);
  });
});

it('titles the page with the work and the sharer', () => {
  expect(pageTitle({ title: 'Awkward Moments', sharerName: 'Sarah Okafor' })).toBe('Awkward Moments · shared by Sarah Okafor · Ripple');
});

it('puts feeds at /feed.<format> and /people/<id>/feed.<format>', () => {
  expect(feedPath('rss')).toBe('/feed.rss');
  expect(feedPath('json', 'UGVyc29uOjE=')).toBe('/people/UGVyc29uOjE%3D/feed.json');
});

describe('namesInAList', () => {
  const text = (named: string[], total: number) => namesInAList(named, total).map(({ person, after }) => person + after).join('');
  it('names one, two, several, and counts the rest', () => {
    expect(text([], 0)).toBe('');
    expect(text(['Ada'], 1)).toBe('Ada');
    expect(text(['Ada', 'Ben'], 2)).toBe('Ada and Ben');
    expect(text(['Ada', 'Ben', 'Cy'], 3)).toBe('Ada, Ben and Cy');
    expect(text(['Ada', 'Ben'], 5)).toBe('Ada, Ben and 3 others');
    expect(text(['Ada'], 2)).toBe('Ada and 1 other');
  });
});
