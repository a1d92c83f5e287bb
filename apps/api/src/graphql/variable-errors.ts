import {
  coerceInputValue,
  getOperationAST,
  isInputType,
  isNonNullType,
  typeFromAST,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { AppError, type FieldProblem } from './errors.js';

/**
 * graphql-js coerces variables inside `execute` and reports each failure as
 * a message only (`Variable "$input" got invalid value …; Field "email" of
 * required type "String!" was not provided.`). This runs the same coercion
 * first, on HTTP and WebSocket alike, so that the refusal is our
 * BAD_USER_INPUT with `extensions.fields` naming each input field
 * (`input.email`, `input.links.0.url`), as every other bad input is. The
 * message is graphql-js's for the first problem, without its echo of the
 * value (which may be a password).
 */
/** As graphql-js does: a list of 10,000 bad items gets a bounded answer. */
const MAX_PROBLEMS = 50;
/** Thrown out of graphql-js's coercion once there are enough problems; a constant, as an Error would capture a stack on every request. */
const ENOUGH = Symbol('enough problems');

export function variableInputError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
  options: { hideSuggestions: boolean },
): AppError | null {
  const operation = getOperationAST(document, operationName);
  // No operation, or variables that are not an object: graphql-js and the transports refuse those themselves.
  if (!operation || (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))) return null;
  const inputs = (variables ?? {}) as Record<string, unknown>;
  const problems: (FieldProblem & { summary: string })[] = [];

  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) continue; // refused by validation already
    if (!Object.hasOwn(inputs, name)) {
      if (!definition.defaultValue && isNonNullType(type)) {
        const message = `Variable "$${name}" of required type "${String(type)}" was not provided.`;
        problems.push({ field: name, message, summary: message });
      }
      continue;
    }
    const value = inputs[name];
    if (value === null && isNonNullType(type)) {
      const message = `Variable "$${name}" of non-null type "${String(type)}" must not be null.`;
      problems.push({ field: name, message, summary: message });
      continue;
    }
    try {
      coerceInputValue(
        value,
        type,
        (path, _invalid, error) => {
          const at = path.length > 0 ? ` at "${[name, ...path].join('.')}"` : '';
          problems.push({
            field: [name, ...path, ...fieldNamedIn(error.message)].join('.'),
            message: error.message,
            summary: `Variable "$${name}" got an invalid value${at}; ${error.message}`,
          });
          if (problems.length >= MAX_PROBLEMS) throw ENOUGH;
        },
        options.hideSuggestions,
      );
    } catch (error) {
      if (error !== ENOUGH) throw error;
      break;
    }
  }

  if (problems.length === 0) return null;
  return new AppError('BAD_USER_INPUT', problems[0]!.summary, {
    fields: problems.map(({ field, message }) => ({ field, message })),
    http: { status: 400 },
  });
}

/**
 * The input field a coercion message is about when graphql-js reports it on
 * the enclosing object: a required field left out, or a field the type does
 * not have (the client's own key, so anything may stand between the quotes).
 */
function fieldNamedIn(message: string): string[] {
  const missing = /^Field "([^"]+)" of required type "[^"]*" was not provided\.$/.exec(message);
  if (missing) return [missing[1]!];
  const unknown = /^Field "(.*)" is not defined by type "[^"]*"\./s.exec(message);
  if (unknown) return [unknown[1]!];
  return [];
}
