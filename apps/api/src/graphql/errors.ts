import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ConnectionException,
  NotFoundError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { ZodError } from 'zod';

/** The codes a client may narrow on, in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

export interface FieldProblem {
  /** The input field, dotted (`links.0.url`). */
  field: string;
  message: string;
}

/** An error a client is meant to see. Anything else is masked. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const badInput = (message: string, fields: FieldProblem[] = []) =>
  new AppError('BAD_USER_INPUT', message, fields.length ? { fields } : {});
export const notFound = (what = 'That') => new AppError('NOT_FOUND', `${what} was not found.`);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Please sign in first.');
export const conflict = (message: string, fields: FieldProblem[] = []) =>
  new AppError('CONFLICT', message, fields.length ? { fields } : {});

export function fromZod(error: ZodError): AppError {
  const fields = error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const summary = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ');
  return badInput(`Invalid input: ${summary}`, fields);
}

const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * The one mapper from any thrown thing to what a client sees, on HTTP and
 * WebSocket alike: our AppErrors and request errors pass through; database
 * constraint errors become CONFLICT/NOT_FOUND; everything else becomes
 * INTERNAL_SERVER_ERROR with no stack, SQL or message from inside.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { hideSchemaHints: boolean; onInternal: (error: unknown) => void },
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    // `http` is for the transport (Apollo reads the status from it), not for the client.
    const { http: _http, ...extensions } = original.extensions;
    return withFields({ ...base, message: original.message, extensions });
  }
  if (original instanceof UniqueConstraintViolationException) {
    return { ...base, message: 'That already exists.', extensions: { code: 'CONFLICT' } };
  }
  if (original instanceof NotFoundError) {
    return { ...base, message: 'That was not found.', extensions: { code: 'NOT_FOUND' } };
  }
  if (isConnectionError(original)) {
    options.onInternal(original);
    return {
      ...base,
      message: 'The database is unavailable; please try again shortly.',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  // graphql-js and Apollo's own errors about the request (syntax, validation,
  // variables, limits) are for the client; strip schema hints in production.
  if (original instanceof GraphQLError) {
    const code = formatted.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED';
    if (code !== 'INTERNAL_SERVER_ERROR') {
      const message = options.hideSchemaHints ? formatted.message.replace(SUGGESTION, '') : formatted.message;
      return withFields({ ...base, message, extensions: { code } });
    }
  }
  options.onInternal(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Clients narrow on BAD_USER_INPUT and read `extensions.fields`: it is always
 * there. An error raised without naming a field (none of ours should) is
 * about the request as a whole: field ''.
 */
function withFields(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (extensions.code !== 'BAD_USER_INPUT' || Array.isArray(extensions.fields)) return formatted;
  return { ...formatted, extensions: { ...extensions, fields: [{ field: '', message: formatted.message }] } };
}

/**
 * For failures outside resolvers (building the context): a database that is
 * down becomes a clear 503 SERVICE_UNAVAILABLE; anything else is rethrown.
 */
export function unavailableIfDatabaseDown(error: unknown): never {
  if (error instanceof ConnectionException || isConnectionError(error)) {
    throw new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable; please try again shortly.', {
      http: { status: 503 },
    });
  }
  throw error;
}

/**
 * A refused or lost database connection, also when wrapped (Apollo wraps a
 * failure while building the context, e.g. the session lookup, in a
 * GraphQLError whose originalError is the database's).
 */
function isConnectionError(error: unknown): boolean {
  for (let e = error, hops = 0; e && hops < 3; e = (e as { originalError?: unknown }).originalError, hops++) {
    if (e instanceof ConnectionException) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03'].includes(code)) return true;
    // node-postgres on a connection whose server went away: no code, only this message (MikroORM appends it to the SQL).
    if (typeof message === 'string' && /Connection terminated( unexpectedly)?$/.test(message)) return true;
  }
  return false;
}
