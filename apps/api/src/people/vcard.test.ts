import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toVCard } from './vcard.js';

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
  it('escapes commas, semicolons, backslashes and newlines in text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
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
    expect(text).toContain('TITLE:Connector\\; five intros\\, a week');
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
