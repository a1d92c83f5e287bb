/**
 * Turns an operation's error into what a form shows: one message beside
 * each field the API named (`extensions.fields`, dotted like `links.0.url`)
 * and a summary for everything else. Pure, so it is unit-tested alone.
 */

/** The codes the API puts in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** The part of a GraphQL error we read; urql's CombinedError fits. */
export interface GraphQLErrorLike {
  message: string;
  extensions?: Readonly<Record<string, unknown>> | null;
}

export interface ErrorLike {
  graphQLErrors: readonly GraphQLErrorLike[];
  networkError?: unknown;
}

export interface Problems {
  /** A sentence per field on the form, keyed by the API's dotted path. */
  fields: Record<string, string>;
  /** What to say above the form, or null when there is nothing to say. */
  summary: string | null;
}

/** The label of a field on the form, or undefined when the form has no such field. */
export type LabelFor = (field: string) => string | undefined;

export const UNREACHABLE = 'Ripple could not be reached. Check your connection and try again.';
export const INTERNAL = 'Something went wrong on our side. Please try again.';

export function errorCode(error: GraphQLErrorLike): ErrorCode | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? (code as ErrorCode) : undefined;
}

export function hasCode(error: ErrorLike | null | undefined, code: ErrorCode): boolean {
  return !!error?.graphQLErrors.some((e) => errorCode(e) === code);
}

export function problemsFrom(error: ErrorLike | null | undefined, labelFor: LabelFor = () => undefined): Problems {
  const fields: Record<string, string> = {};
  if (!error) return { fields, summary: null };
  if (error.graphQLErrors.length === 0) {
    return { fields, summary: error.networkError ? UNREACHABLE : INTERNAL };
  }

  const lines: string[] = [];
  for (const e of error.graphQLErrors) {
    const problems = fieldProblems(e.extensions?.fields);
    if (problems.length === 0) {
      lines.push(errorCode(e) === 'INTERNAL_SERVER_ERROR' ? INTERNAL : e.message);
      continue;
    }
    for (const { field, message } of problems) {
      const label = field ? labelFor(field) : undefined;
      if (label === undefined) {
        lines.push(sentence(field ? `${field}: ${message}` : message));
      } else {
        // Zod may report several problems for one field; the first is enough to act on.
        fields[field] ??= sentence(`${label} ${message}`);
      }
    }
  }

  const marked = Object.keys(fields).length;
  if (marked > 0) lines.unshift(marked === 1 ? 'Please fix the marked field.' : `Please fix the ${marked} marked fields.`);
  return { fields, summary: [...new Set(lines)].join(' ') || null };
}

function fieldProblems(value: unknown): { field: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is { field: string; message: string } =>
      typeof p === 'object' && p !== null && typeof p.field === 'string' && typeof p.message === 'string',
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
