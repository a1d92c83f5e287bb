import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from './logger.js';

/** A logger whose lines land in an array, exactly as they would be written. */
function capture() {
  const lines: string[] = [];
  const log = createLogger('trace', { write: (line: string) => void lines.push(line) });
  return { log, lines, text: () => lines.join('') };
}

const SECRETS = ['hunter2-secret', 'tok_9f8e7d6c5b4a', 'sess_cookie_value', 'basic_dXNlcjpwYXNz', 'db-pass-77'];

describe('logger: secrets never reach a log line', () => {
  it('redacts secret keys at any depth and in any casing, keeping the rest', () => {
    const { log, lines, text } = capture();
    log.info(
      {
        password: SECRETS[0],
        input: { currentPassword: SECRETS[0], NewPassword: SECRETS[0], new_password: SECRETS[0], email: 'ana@example.test' },
        deep: { a: { b: [{ c: { sessionToken: SECRETS[1], TOKEN: SECRETS[1] } }] } },
        req: { headers: { Authorization: `Bearer ${SECRETS[1]}`, cookie: `ripple_session=${SECRETS[2]}`, 'Set-Cookie': [`ripple_session=${SECRETS[2]}`], 'user-agent': 'curl' } },
        apiKey: SECRETS[1],
        body: `{"password":"${SECRETS[0]}"}`,
      },
      'signing in',
    );
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      msg: 'signing in',
      service: 'ripple-api',
      password: REDACTED,
      input: { currentPassword: REDACTED, NewPassword: REDACTED, new_password: REDACTED, email: 'ana@example.test' },
      deep: { a: { b: [{ c: { sessionToken: REDACTED, TOKEN: REDACTED } }] } },
      req: { headers: { Authorization: REDACTED, cookie: REDACTED, 'Set-Cookie': REDACTED, 'user-agent': 'curl' } },
      body: REDACTED,
    });
  });

  it('redacts what an error carries: its own properties and a message quoting a request', () => {
    const { log, text } = capture();
    const error = Object.assign(new SyntaxError(`Unexpected token in JSON at position 40: {"email":"a@b.c","password":"${SECRETS[0]}`), {
      body: `{"email":"a@b.c","password":"${SECRETS[0]}"`,
      config: { headers: { authorization: `Basic ${SECRETS[3]}` } },
    });
    log.error({ err: error }, 'body failed');
    log.error(error);
    log.warn(`connecting with Authorization: Bearer ${SECRETS[1]} and Cookie: ripple_session=${SECRETS[2]}`);
    log.warn({ url: `postgres://ripple:${SECRETS[4]}@db:5432/ripple` }, 'database');
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
    expect(text()).toContain('postgres://ripple:[Redacted]@db:5432/ripple');
    expect(text()).toContain('Unexpected token in JSON');
  });

  it('redacts a password hash quoted in a failed statement', () => {
    const { log, text } = capture();
    const stored = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
    log.error({ err: new Error(`insert into "person" ("handle", "password_hash") values ('ana', '${stored}') - duplicate key`) }, 'failed');
    expect(text()).not.toContain('aGFzaGhhc2hoYXNo');
    expect(text()).toContain(`values ('ana', '[Redacted]')`);
  });

  it('keeps bindings of child loggers clean too', () => {
    const { log, text } = capture();
    log.child({ token: SECRETS[1], request: { cookie: SECRETS[2] } }).info('child');
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
    expect(text()).toContain('"msg":"child"');
  });

  it('does not redact look-alikes that are not secrets', () => {
    const { log, lines } = capture();
    log.info({ sessionId: '42', passengers: 3, bypassed: false, compass: 'north' }, 'fine');
    expect(JSON.parse(lines[0]!)).toMatchObject({ sessionId: '42', passengers: 3, bypassed: false, compass: 'north' });
  });
});
