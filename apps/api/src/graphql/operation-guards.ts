import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  typeFromAST,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
  visit,
} from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { LRUCache } from 'lru-cache';
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

/**
 * How many distinct operations (document text + operation name) keep their
 * analysis; clients send a handful of documents over and over, so a small
 * cache skips the visits on nearly every request, and a client inventing
 * documents only churns it.
 */
const ANALYSED_OPERATIONS = 500;

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
   *
   * With `source` (the document's text) the visit of its literals runs once
   * per text; the variables are always read.
   */
  inputError(document: DocumentNode, variables: Record<string, unknown> | null | undefined, source?: string): GraphQLError | null;
  /**
   * The error for an over-costly operation, or null. With `source`, the
   * cost is computed once per document text, operation name and the values
   * of the variables that can change it (numbers, booleans, enums: `first`,
   * `@include(if:)`), not on every request.
   */
  complexityError(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
    source?: string,
  ): GraphQLError | null;
}

export function createOperationGuards(options: { production: boolean }): OperationGuards {
  const armor = new ApolloArmor({
    // Depth counts fields, not fragment spreads: the web app's own documents are built
    // from fragments (its feed is 7 fields deep, 13 if every spread counted twice).
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: false, flattenFragments: true },
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
  /** Per document text: where its first unstorable literal is ('' for none). */
  const literals = new LRUCache<string, string>({ max: ANALYSED_OPERATIONS });
  /** Per operation name + document text: the variables its cost depends on, or null when it cannot be cached. */
  const costInputs = new LRUCache<string, { names: string[] } | { uncacheable: true }>({ max: ANALYSED_OPERATIONS });
  /** Per operation, and the values of those variables: its cost, or why it could not be computed. */
  const costs = new LRUCache<string, Cost>({ max: ANALYSED_OPERATIONS * 4 });

  const unstorableLiteral = (document: DocumentNode, source: string | undefined): string | null => {
    const known = source === undefined ? undefined : literals.get(source);
    if (known !== undefined) return known || null;
    let field: string | null = null;
    visit(document, {
      StringValue(node, _key, _parent, path) {
        if (field === null && UNSTORABLE.test(node.value)) field = literalField(document, path);
      },
    });
    if (source !== undefined) literals.set(source, field ?? '');
    return field;
  };

  const computeCost = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): Cost => {
    try {
      return getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      });
    } catch (error) {
      return { refusal: error instanceof Error ? error.message : 'Invalid operation.' };
    }
  };

  return {
    apollo,
    validationRules,
    maxTokens: LIMITS.maxTokens,
    inputError(document, variables, source) {
      const field = unstorableTextIn(variables) ?? unstorableLiteral(document, source);
      if (field === null) return null;
      const message = 'must be valid Unicode without the NUL character (U+0000)';
      return new AppError('BAD_USER_INPUT', `Text ${message}.`, { fields: [{ field, message }], http: { status: 400 } });
    },
    complexityError(schema, document, variables, operationName, source) {
      let cost: Cost;
      if (source === undefined) {
        cost = computeCost(schema, document, variables, operationName);
      } else {
        const operationKey = `${operationName ?? ''}\n${source}`;
        let inputs = costInputs.get(operationKey);
        if (!inputs) {
          inputs = costVariables(schema, document, operationName);
          costInputs.set(operationKey, inputs);
        }
        if ('uncacheable' in inputs) {
          cost = computeCost(schema, document, variables, operationName);
        } else {
          const key = `${JSON.stringify(inputs.names.map((name) => variables?.[name] ?? null))}\n${operationKey}`;
          const known = costs.get(key);
          cost = known ?? computeCost(schema, document, variables, operationName);
          if (known === undefined) costs.set(key, cost);
        }
      }
      if (typeof cost !== 'number') {
        return new GraphQLError(cost.refusal, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
      }
      if (cost <= LIMITS.maxComplexity) return null;
      return new GraphQLError(
        `This operation costs ${cost}, more than the limit of ${LIMITS.maxComplexity}. Ask for smaller pages.`,
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
      );
    },
  };
}

/** An operation's cost, or the message of why it has none (a document getComplexity cannot read). */
type Cost = number | { refusal: string };

/**
 * The declared variables whose values can change an operation's cost:
 * numbers (`first`), booleans (`@include`, `@skip`) and enums. Text and ids
 * cannot, so a cursor or a search string does not make a new cache entry.
 * An input object could carry any of these deep inside: such an operation
 * (a mutation's `input`) is costed on every request instead.
 */
function costVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): { names: string[] } | { uncacheable: true } {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { uncacheable: true };
  const names: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (!type) return { uncacheable: true };
    const named = getNamedType(type);
    if (isInputObjectType(named)) return { uncacheable: true };
    if (isEnumType(named) || ['Int', 'Float', 'Boolean'].includes(named.name)) names.push(definition.variable.name.value);
  }
  return { names };
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
