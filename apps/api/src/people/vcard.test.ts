import { describe, expect, it } from 'vitest';
import { escapeText, escapeUri, foldLine, toVCard } from './vcard.js';

const card = {
  name: 'Amara Nwosu',
  handle: 'amara',
  headline: 'Connector; five intros, a week',
  bio: 'Line one\nline two',
  avatarUrl: null,
  links: [{ label: 'Office "hours"', url: 'https://example.org/amara' }],
  cardUrl: 'http://localhost:3000/people/amara',
  contact: null,
};

describe('vCard', () => {
  it('escapes commas, backslashes and newlines in text values; semicolons stay (non-compound properties)', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b;c\\\\d\\ne');
  });

  it('turns every line break convention into one escaped newline and drops other control characters', () => {
    expect(escapeText('a\r\nb\rc\nd')).toBe('a\\nb\\nc\\nd');
    expect(escapeText('bell\u0007 esc\u001b[0m del\u007f c1\u0085 tab\tok')).toBe('bell esc[0m del c1 tab\tok');
  });

  it('percent-encodes what a URI may not hold raw, and leaves a working URI alone', () => {
    expect(escapeUri('https://example.org/a?b=1&c=%20d#e')).toBe('https://example.org/a?b=1&c=%20d#e');
    expect(escapeUri('https://example.org/a\r\nEMAIL:x')).toBe('https://example.org/a%0D%0AEMAIL:x');
    expect(escapeUri('https://example.org/zoë face"<>')).toBe('https://example.org/zo%C3%AB%20face%22%3C%3E');
    expect(escapeUri('https://example.org/100%')).toBe('https://example.org/100%25');
  });

  it('keeps every value on its own line, whatever a stored value holds', () => {
    const forged = '\r\nEMAIL:forged@evil.example\rTEL:1\nFN:Mallory';
    const text = toVCard({
      ...card,
      name: `Ana${forged}`,
      headline: forged,
      bio: forged,
      avatarUrl: `https://img.example/${forged}`,
      links: [{ label: `a"${forged}`, url: `https://x.example/${forged}` }],
    });
    const lines = text.split('\r\n').filter((l) => l && !l.startsWith(' ')); // not the folds
    expect(lines.map((l) => /^[A-Z]+/.exec(l)?.[0])).toEqual(['BEGIN', 'VERSION', 'FN', 'NICKNAME', 'TITLE', 'NOTE', 'PHOTO', 'SOURCE', 'URL', 'END']);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `NOTE:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves contact lines out unless they are given', () => {
    const text = toVCard(card);
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\nFN:Amara Nwosu\r\n/);
    expect(text).toContain('TITLE:Connector; five intros\\, a week');
    expect(text).toContain(`URL;TYPE="Office ^'hours^'":https://example.org/amara`);
    expect(text).not.toMatch(/EMAIL|TEL/);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
  });

  it('adds email and a tel: URI when contact is visible', () => {
    const text = toVCard({ ...card, contact: { email: 'amara@example.org', phone: '+1 (415) 555-0134' } });
    expect(text).toContain('EMAIL:amara@example.org\r\n');
    expect(text).toContain('TEL;VALUE=uri:tel:+14155550134\r\n');
  });
});
