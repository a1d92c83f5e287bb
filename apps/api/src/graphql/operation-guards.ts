import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
  visit,
} from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { AppError } from './errors.js';

/**
 * The limits every operation meets before any resolver runs, on HTTP and on
 * WebSocket alike (graphql-ws does not inherit Apollo's rules by itself).
 */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2_000,
  /** Each field costs 1; a list costs what its items cost times `first`. */
  maxComplexity: 10_000,
} as const;

export interface OperationGuards {
  apollo: ReturnType<ApolloArmor['protect']> & { parseOptions: { maxTokens: number } };
  validationRules: ValidationRule[];
  maxTokens: number;
  /**
   * The error for text PostgreSQL cannot store (U+0000, or an unpaired
   * surrogate, which jsonb refuses) anywhere in the operation's string
   * literals or variables, or null. Checked before any SQL: otherwise the
   * database refuses it mid-operation and the client sees
   * INTERNAL_SERVER_ERROR instead of a clear BAD_USER_INPUT.
   */
  inputError(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null;
  /** The error for an over-costly operation, or null. */
  complexityError(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): GraphQLError | null;
}

export function createOperationGuards(options: { production: boolean }): OperationGuards {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // The token limit is graphql-js's own (`parseOptions` below): armor's
    // plugin re-parses in a hook, where a plain syntax error becomes a 500.
    maxTokens: { enabled: false },
    // graphql-query-complexity does this job, knowing that `first` multiplies.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  });
  const apollo = { ...armor.protect(), parseOptions: { maxTokens: LIMITS.maxTokens } };
  const validationRules = [
    ...apollo.validationRules,
    ...(options.production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  return {
    apollo,
    validationRules,
    maxTokens: LIMITS.maxTokens,
    inputError(document, variables) {
      let field = unstorableTextIn(variables);
      if (field === null) {
        visit(document, {
          StringValue(node, _key, _parent, path) {
            if (field === null && UNSTORABLE.test(node.value)) field = literalField(document, path);
          },
        });
      }
      if (field === null) return null;
      const message = 'must be valid Unicode without the NUL character (U+0000)';
      return new AppError('BAD_USER_INPUT', `Text ${message}.`, { fields: [{ field, message }], http: { status: 400 } });
    },
    complexityError(schema, document, variables, operationName) {
      let complexity: number;
      try {
        complexity = getComplexity({
          schema,
          query: document,
          variables: variables ?? {},
          operationName: operationName ?? undefined,
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
      } catch (error) {
        return new GraphQLError(error instanceof Error ? error.message : 'Invalid operation.', {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
      if (complexity <= LIMITS.maxComplexity) return null;
      return new GraphQLError(
        `This operation costs ${complexity}, more than the limit of ${LIMITS.maxComplexity}. Ask for smaller pages.`,
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
      );
    },
  };
}

/** U+0000, or a surrogate without its other half. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where the first unstorable string in the variables is (`input.links.0.label`), or null. Iterative: variables may nest deeply. */
function unstorableTextIn(variables: unknown): string | null {
  const pending: [unknown, string[]][] = [[variables, []]];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return path.join('.');
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) pending.push([child, [...path, key]]);
    }
  }
  return null;
}

/** The argument and input fields (and list positions) leading to a literal in the document: `input.links.0.label`. */
function literalField(document: DocumentNode, path: readonly (string | number)[]): string {
  const names: string[] = [];
  let current: unknown = document;
  let inList = false;
  for (const key of path) {
    if (inList && typeof key === 'number') names.push(String(key));
    const container = current as { kind?: string } & Record<string | number, unknown>;
    inList = container.kind === Kind.LIST && key === 'values';
    current = container[key];
    const node = current as { kind?: string; name?: { value: string } } | undefined;
    if (node?.kind === Kind.ARGUMENT || node?.kind === Kind.OBJECT_FIELD) names.push(node.name!.value);
  }
  return names.join('.');
}
