import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; never log tokens, passwords or cookies. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'ripple-api' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
  });
}
