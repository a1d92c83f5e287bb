import { z } from 'zod';

/**
 * What stored text may hold. Whatever members type ends up in generated
 * files (vCards, feeds), other people's screens and terminals: a raw CR/LF
 * lets a value forge lines of its own (`\r\nEMAIL:…` in a vCard), other
 * control characters garble what they touch, and bidi controls or
 * invisible characters let one name pass for another.
 */

/** C0 controls (tab, CR and LF included), DEL, C1 controls, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
/** The same but line feed and tab, which text over several lines may hold. */
const CONTROL_IN_LINES = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;
/**
 * Characters that change how the text around them is drawn without being
 * seen: bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) and marks (U+061C, U+200E, U+200F), zero-width characters
 * (U+200B–U+200D, U+2060–U+2064, U+FEFF), and other blanks that render as
 * nothing (soft hyphen, combining grapheme joiner, Hangul fillers,
 * Mongolian vowel separator, deprecated format characters).
 */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/;

const NO_CONTROL = 'must be a single line without control characters';
const NO_CONTROL_IN_LINES = 'must not contain control characters (other than line breaks and tabs)';
const NO_INVISIBLE = 'must not contain invisible or text-direction characters (such as U+200B or U+202E)';

/** One line of text, trimmed: no control character at all. */
export const oneLine = () => z.string().trim().refine((text) => !CONTROL.test(text), NO_CONTROL);

/** Text over several lines, trimmed: CRLF and CR become LF; LF and tab are the only control characters kept. */
export const manyLines = () =>
  z
    .string()
    .overwrite((text) => text.replace(/\r\n?/g, '\n'))
    .trim()
    .refine((text) => !CONTROL_IN_LINES.test(text), NO_CONTROL_IN_LINES);

/** A name people see (a member's, an outside author's): one line, and nothing invisible or reordering. */
export const displayText = () => oneLine().refine((text) => !INVISIBLE.test(text), NO_INVISIBLE);

/** Whether a string holds a control or invisible character; for values that are not free text (URLs). */
export function hasHiddenCharacters(text: string): boolean {
  return CONTROL.test(text) || INVISIBLE.test(text);
}
