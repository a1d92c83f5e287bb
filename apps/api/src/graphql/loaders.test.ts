import { describe, expect, it } from 'vitest';
import { Loader, whenReady } from './loaders.js';

/** Primed values answer at once, so a primed page executes without awaiting (issue 9, the feed). */
describe('Loader', () => {
  const counting = () => {
    const batches: string[][] = [];
    const loader = new Loader<string, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => `loaded ${key}`);
    });
    return { loader, batches };
  };

  it('answers a primed key with the value itself, and any other through one batch', async () => {
    const { loader, batches } = counting();
    loader.prime('a', 'primed a');
    expect(loader.ready('a')).toBe('primed a');
    const [b, c] = [loader.ready('b'), loader.ready('c')];
    expect(b).toBeInstanceOf(Promise);
    expect(await Promise.all([b, c])).toEqual(['loaded b', 'loaded c']);
    expect(batches).toEqual([['b', 'c']]);
    expect(await loader.load('a')).toBe('primed a');
  });

  it('keeps the first value a key is primed with, as DataLoader does, and forgets it when cleared', async () => {
    const { loader } = counting();
    loader.prime('a', 'first');
    loader.prime('a', 'second');
    expect(loader.ready('a')).toBe('first');
    expect(await loader.load('a')).toBe('first');
    loader.clear('a');
    expect(await loader.ready('a')).toBe('loaded a');
    loader.prime('b', 'primed b');
    loader.clearAll();
    expect(await loader.ready('b')).toBe('loaded b');
  });

  it('does not answer a key it already loaded with a value primed afterwards (DataLoader keeps the loaded one)', async () => {
    const { loader } = counting();
    expect(await loader.load('a')).toBe('loaded a');
    loader.prime('a', 'primed later');
    expect(await loader.load('a')).toBe('loaded a');
    expect(await loader.ready('a')).toBe('loaded a');
  });

  it('forgets a key whose batch failed, so it loads again', async () => {
    let fail = true;
    const loader = new Loader<string, string>(async (keys) => {
      if (fail) throw new Error('database down');
      return keys.map((key) => `loaded ${key}`);
    });
    await expect(loader.ready('a')).rejects.toThrow('database down');
    fail = false;
    loader.prime('a', 'primed a');
    expect(loader.ready('a')).toBe('primed a');
  });

  it('whenReady goes on at once with a value and after the promise otherwise', async () => {
    expect(whenReady(2, (n) => n * 2)).toBe(4);
    const later = whenReady(Promise.resolve(2), (n) => n * 3);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(6);
  });
});
