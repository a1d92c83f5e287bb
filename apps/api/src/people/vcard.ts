/**
 * A vCard 4.0 (RFC 6350) for a card. Contact lines are included only when
 * the caller passes them, i.e. when the viewer may see them.
 */
export interface VCardInput {
  name: string;
  handle: string;
  headline: string;
  bio: string;
  avatarUrl: string | null;
  links: { label: string; url: string }[];
  cardUrl: string;
  contact: { email: string; phone: string | null } | null;
}

/**
 * Every value below is escaped for where it goes, whatever was stored (rows
 * written before stored text refused control characters included): a CR or
 * LF that reached a line raw would start a line of its own (a forged EMAIL,
 * a second FN) in the card a stranger downloads.
 */

/** Line breaks in any convention; each becomes one escaped newline. */
const LINE_BREAK = /\r\n|\r|\n/g;
/** Control characters a content line may not carry (RFC 6350 VALUE-CHAR allows only WSP among them). */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * Escapes TEXT values (RFC 6350 §3.4): backslash, comma and line breaks;
 * other control characters are dropped. A semicolon only separates fields
 * of compound properties (N, ADR), which we do not write; in the others
 * escaping it is optional, and parsers such as ical.js keep the backslash,
 * so it stays as typed.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(LINE_BREAK, '\\n')
    .replace(CONTROL, '');
}

/**
 * URI values (RFC 6350 §4.2 defers to RFC 3986): every character a URI may
 * not hold raw (controls, spaces, quotes, non-ASCII…) is percent-encoded as
 * UTF-8, as is a `%` that does not start an escape; what a URI may hold
 * stays as it is, so the link still works.
 */
export function escapeUri(value: string): string {
  return value.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** A quoted parameter value: RFC 6868 caret-encoding for `^`, `"` and line breaks; other control characters are dropped. */
function quoteParam(value: string): string {
  return `"${value.replace(/\^/g, '^^').replace(/"/g, "^'").replace(LINE_BREAK, '^n').replace(CONTROL, '')}"`;
}

/** Folds a content line at 75 octets, never splitting a UTF-8 sequence. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function toVCard(card: VCardInput): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${escapeText(card.name)}`,
    `NICKNAME:${escapeText(card.handle)}`,
    card.headline && `TITLE:${escapeText(card.headline)}`,
    card.bio && `NOTE:${escapeText(card.bio)}`,
    card.avatarUrl && `PHOTO:${escapeUri(card.avatarUrl)}`,
    `SOURCE:${escapeUri(card.cardUrl)}`,
    ...card.links.map((link) => `URL;TYPE=${quoteParam(link.label)}:${escapeUri(link.url)}`),
    card.contact && `EMAIL:${escapeText(card.contact.email)}`,
    card.contact?.phone && `TEL;VALUE=uri:tel:${card.contact.phone.replace(/[^+0-9]/g, '')}`,
    'END:VCARD',
  ].filter((line): line is string => Boolean(line));
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
