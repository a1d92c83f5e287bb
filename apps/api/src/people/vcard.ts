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

/** Escapes TEXT values: backslash, comma, semicolon and newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

/** Escapes a parameter value by quoting it (RFC 6868 caret-encoding for quotes and newlines). */
function quoteParam(value: string): string {
  return `"${value.replace(/\^/g, '^^').replace(/"/g, "^'").replace(/\r?\n/g, '^n')}"`;
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
    card.avatarUrl && `PHOTO:${card.avatarUrl}`,
    `SOURCE:${card.cardUrl}`,
    ...card.links.map((link) => `URL;TYPE=${quoteParam(link.label)}:${link.url}`),
    card.contact && `EMAIL:${escapeText(card.contact.email)}`,
    card.contact?.phone && `TEL;VALUE=uri:tel:${card.contact.phone.replace(/[^+0-9]/g, '')}`,
    'END:VCARD',
  ].filter((line): line is string => Boolean(line));
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
