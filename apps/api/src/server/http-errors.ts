import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../config/logger.js';

/**
 * Everything the HTTP server answers outside GraphQL itself (a body it cannot
 * read, an unknown route or method, a fault in a middleware) is a
 * GraphQL-style JSON error, `{"errors":[{"message","extensions":{"code"}}]}`,
 * in every mode: never Express's HTML page, which carries a stack trace with
 * file paths outside production, and whose logger prints the raw body
 * (passwords included) in every mode but `test`.
 */

/** The request body limit, also named in the 413 answer. */
export const BODY_LIMIT = '100kb';

export function jsonError(status: number, code: string, message: string) {
  return { status, body: { errors: [{ message, extensions: { code } }] } };
}

/**
 * Why body-parser refused a body, keyed by its error `type`. The messages are
 * ours: body-parser's (and V8's JSON.parse) quote the body itself.
 */
const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${BODY_LIMIT}.` },
  'charset.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the request body as JSON in UTF-8 (Content-Type: application/json; charset=utf-8).',
  },
  'encoding.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'That Content-Encoding is not supported: send the body uncompressed, or with gzip, deflate or br.',
  },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'The request body does not match its Content-Length.' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'The request body was cut off.' },
};

/** Other client errors a middleware may raise, by status. */
const CLIENT_ERRORS: Record<number, { code: string; message: string }> = {
  404: { code: 'NOT_FOUND', message: 'There is nothing here.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'That method is not allowed here.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${BODY_LIMIT}.` },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body is in a format the server cannot read.' },
  429: { code: 'RATE_LIMITED', message: 'Too many requests; try again shortly.' },
};

/** `X-Content-Type-Options: nosniff` on every answer, so no browser reads a JSON error as a page or script. */
export const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** 404 for any path the server does not serve. */
export const unknownRoute: RequestHandler = (req, res) => {
  const { status, body } = jsonError(404, 'NOT_FOUND', `There is nothing at ${req.method} ${req.path}.`);
  res.status(status).json(body);
};

/** 405 (with Allow) for a path the server serves, asked with another method. */
export const onlyMethods =
  (...methods: string[]): RequestHandler =>
  (req, res) => {
    const { status, body } = jsonError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${methods.join(' or ')}.`);
    res.status(status).set('Allow', methods.join(', ')).json(body);
  };

/**
 * The last error handler: a refused body becomes its 4xx with a fixed
 * message, not logged (it is the client's fault, and its message would quote
 * the body); anything else is logged and answered 500 INTERNAL_SERVER_ERROR
 * without detail.
 */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    const clientStatus = typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
    let answer;
    if (known && clientStatus) {
      answer = jsonError(clientStatus, known.code, known.message);
    } else if (clientStatus) {
      const { code, message } = CLIENT_ERRORS[clientStatus] ?? { code: 'BAD_REQUEST', message: 'The request could not be read.' };
      answer = jsonError(clientStatus, code, message);
    } else {
      // The logger scrubs secrets (and any `body`) out of the error.
      log.error({ err: error, method: req.method, path: req.path }, 'unexpected error handling an HTTP request');
      answer = jsonError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
    res.status(answer.status).json(answer.body);
  };
}
