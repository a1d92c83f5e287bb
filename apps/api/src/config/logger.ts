import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[Redacted]';

/**
 * Keys whose values are secrets wherever they sit in a log object, in any
 * casing or spelling: password, currentPassword, new_password, token,
 * sessionToken, authorization, cookie, set-cookie, secret, api key. Bodies
 * too: a request body is whatever the client typed, passwords included.
 */
const SECRET_KEY = /passw(or)?d|passphrase|^(pass|pwd)$|token|secret|authori[sz]ation|cookie|api[-_]?key|credential|^(raw)?body$/i;

/**
 * Secrets that can hide inside a string (an error message quoting a request,
 * a header line): a Bearer credential, the password in a URL
 * (`postgres://user:…@db`), a `name=value` of a secret-looking name, and a
 * JSON member of one (`"password":"…"`, perhaps cut short).
 */
const SECRET_IN_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  [/\b([\w-]*(?:password|token|secret|session)[\w-]*)=[^\s;,&"']+/gi, `$1=${REDACTED}`],
  [/("[^"]*(?:password|token|secret|authorization|cookie)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi, `$1"${REDACTED}"`],
  // A password hash inside a database error (MikroORM quotes the failed statement with its values).
  [/\$argon2(?:id|i|d)\$[^\s'"]+/g, REDACTED],
];

/** A copy of a parsed log line with every secret replaced, at any depth. Iterative: objects may nest deeply. */
export function scrubSecrets(value: unknown): unknown {
  const scrubText = (text: string) => SECRET_IN_TEXT.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  const root: unknown = Array.isArray(value) ? [] : {};
  const pending: [source: object, target: Record<string, unknown>][] = [[value, root as Record<string, unknown>]];
  while (pending.length > 0) {
    const [source, target] = pending.pop()!;
    for (const [key, child] of Object.entries(source)) {
      if (SECRET_KEY.test(key) && child !== null && child !== undefined && child !== '') {
        target[key] = REDACTED;
      } else if (typeof child === 'string') {
        target[key] = scrubText(child);
      } else if (child !== null && typeof child === 'object') {
        const copy = Array.isArray(child) ? [] : {};
        target[key] = copy;
        pending.push([child, copy as Record<string, unknown>]);
      } else {
        target[key] = child;
      }
    }
  }
  return root;
}

/**
 * Structured JSON logs that never carry a password, token, cookie or
 * authorization header, in any mode. pino's path-based `redact` cannot say
 * "this key at any depth, in any casing", and misses what serializers add
 * (an error's own properties) and secrets inside messages; so each finished
 * line is scrubbed just before it is written. Logs here are few (warnings,
 * errors, lifecycle), so reading each line back costs little.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ripple-api' },
      hooks: {
        streamWrite(line) {
          try {
            return `${JSON.stringify(scrubSecrets(JSON.parse(line)))}\n`;
          } catch {
            return `${JSON.stringify({ level: 50, msg: 'a log line could not be checked for secrets and was dropped' })}\n`;
          }
        },
      },
    },
    destination,
  );
}
