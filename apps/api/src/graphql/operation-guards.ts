import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
  visit,
} from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

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
      let found = hasUnstorableText(variables);
      if (!found) {
        visit(document, {
          StringValue(node) {
            if (UNSTORABLE.test(node.value)) found = true;
          },
        });
      }
      return found
        ? new GraphQLError('Text must be valid Unicode without the NUL character (U+0000).', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          })
        : null;
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

/** Whether any string in a JSON value is unstorable. Iterative: variables may nest deeply. */
function hasUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item)) pending.push(child);
    }
  }
  return false;
}
