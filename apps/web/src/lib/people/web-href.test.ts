import { describe, expect, it } from 'vitest';
import { webHref } from './web-href';

describe('webHref', () => {
  it('keeps http and https addresses', () => {
    expect(webHref('https://example.org/a')).toBe('https://example.org/a');
    expect(webHref('http://example.org')).toBe('http://example.org');
  });

  it('drops anything else', () => {
    expect(webHref('javascript:alert(1)')).toBeUndefined();
    expect(webHref('data:text/html,hi')).toBeUndefined();
    expect(webHref('not a url')).toBeUndefined();
    expect(webHref(null)).toBeUndefined();
  });
});
