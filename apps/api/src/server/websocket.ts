import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { Context, SessionCookieJar } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import type { OperationGuards } from '../graphql/operation-guards.js';
import { variableInputError } from '../graphql/variable-errors.js';
import { deliverOverSocket, shapingVariables } from '../live/socket-delivery.js';
import { isShareableOperation, traceViewerRelations } from '../live/viewer-relations.js';

type BuildContext = (input: {
  authorization: unknown;
  cookieHeader: string | undefined;
  clientAddress: string;
  cookies: SessionCookieJar;
}) => Promise<Context>;

/** Cookies cannot be set over an open WebSocket; sign-in there returns the token only. */
const NO_COOKIES: SessionCookieJar = { set() {}, clear() {} };

interface SocketState {
  authorization: unknown;
  operations: Set<string>;
  personId: string;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) with the same rules as HTTP:
 * authenticated at connect (Bearer token in `connectionParams.authorization`
 * or the session cookie on the upgrade), the same validation rules, cost
 * limit, introspection policy and error masking, a per-socket cap on
 * operations, and a fresh context (and a re-checked session) per operation.
 */
export function attachGraphqlWs(deps: {
  ws: WebSocketServer;
  schema: GraphQLSchema;
  guards: OperationGuards;
  config: Config;
  log: Logger;
  buildContext: BuildContext;
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}) {
  const { schema, guards, config, buildContext, format } = deps;
  const sockets = new WeakMap<object, SocketState>();
  const rules = [...specifiedRules, ...guards.validationRules];
  const documents = new DocumentCache(schema, rules, guards.maxTokens);
  traceViewerRelations(schema);

  // The rule Express applies to `req.ip` (`trust proxy` = TRUST_PROXY hops),
  // so rate limits and logs see the same client address on both transports.
  const trustProxy = (_address: string, hop: number) => hop < config.TRUST_PROXY;
  const clientAddress = (request: IncomingMessage) =>
    request.socket.remoteAddress ? proxyAddr(request, trustProxy) : 'unknown';

  const contextFor = (request: IncomingMessage, state: SocketState) =>
    buildContext({
      authorization: state.authorization,
      cookieHeader: request.headers.cookie,
      clientAddress: clientAddress(request),
      cookies: NO_COOKIES,
    });

  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => format(e.toJSON(), e));

  // Operations running per person on this instance, across all their sockets.
  const perPerson = new Map<string, number>();
  const take = (state: SocketState, id: string) => {
    state.operations.add(id);
    perPerson.set(state.personId, (perPerson.get(state.personId) ?? 0) + 1);
  };
  const release = (state: SocketState | undefined, id: string) => {
    if (!state?.operations.delete(id)) return;
    const left = (perPerson.get(state.personId) ?? 1) - 1;
    if (left > 0) perPerson.set(state.personId, left);
    else perPerson.delete(state.personId);
  };

  return useServer(
    {
      schema,
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const state: SocketState = {
          authorization: params.authorization ?? params.Authorization,
          operations: new Set(),
          personId: '',
        };
        const context = await contextFor(ctx.extra.request, state);
        if (!context.viewer) return false; // closes with 4403 Forbidden
        state.personId = context.viewer.person.id;
        sockets.set(ctx, state);
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = sockets.get(ctx)!;
        if (state.operations.size >= config.MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [
            new GraphQLError(`At most ${config.MAX_SUBSCRIPTIONS_PER_SOCKET} operations at once on one connection.`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        if ((perPerson.get(state.personId) ?? 0) >= config.MAX_SUBSCRIPTIONS_PER_PERSON) {
          return [
            new GraphQLError(`At most ${config.MAX_SUBSCRIPTIONS_PER_PERSON} operations at once per person.`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        // Parsed and validated once per document text, shared by every subscriber sending it.
        const parsed = documents.get(payload.query);
        if (parsed.errors) return parsed.errors;
        const document = parsed.document;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          return [badInput('Unknown or ambiguous operation.', [{ field: 'operationName', message: 'names no single operation in the document' }])];
        }
        const variableError = variableInputError(schema, document, payload.operationName, payload.variables, {
          hideSuggestions: config.NODE_ENV === 'production',
        });
        if (variableError) return [variableError];
        const costError = guards.complexityError(schema, document, payload.variables ?? undefined, payload.operationName);
        if (costError) return [costError];
        const inputError = guards.inputError(document, payload.variables);
        if (inputError) return [inputError];
        // Take the place before the first await: otherwise a burst of subscribe
        // messages all pass the cap check above while each waits for its context.
        take(state, id);
        let contextValue: Context;
        try {
          contextValue = await contextFor(ctx.extra.request, state);
        } catch (error) {
          release(state, id);
          throw error;
        }
        if (!contextValue.viewer) {
          release(state, id);
          // The session ended after connect.
          return [new GraphQLError('Please sign in again.', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
          // Live rows are executed and written by the fan-out hub (live/fanout-hub.ts), not per subscriber.
          const { shaping, shareable } = parsed.live(payload.operationName);
          const variables = payload.variables ?? {};
          deliverOverSocket(contextValue, {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            operationKey: JSON.stringify([payload.operationName ?? null, payload.query, shaping.map((name) => variables[name] ?? null)]),
            shareable,
            operationId: id,
            socket: ctx.extra.socket,
            format: formatAll,
          });
        }
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
      onComplete: (ctx, id) => release(sockets.get(ctx), id),
      onClose: (ctx) => {
        const state = sockets.get(ctx);
        for (const id of [...(state?.operations ?? [])]) release(state, id);
      },
    },
    deps.ws,
  );
}

/** Parse and validation results by document text (a bounded LRU): one parsed document shared by every subscriber. */
class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();
  private static readonly SIZE = 500;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: ValidationRule[],
    private readonly maxTokens: number,
  ) {}

  get(text: string): ParsedDocument {
    const cached = this.entries.get(text);
    if (cached) {
      this.entries.delete(text);
      this.entries.set(text, cached);
      return cached;
    }
    const entry = this.parse(text);
    this.entries.set(text, entry);
    if (this.entries.size > DocumentCache.SIZE) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private parse(text: string): ParsedDocument {
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.maxTokens });
    } catch (error) {
      // GRAPHQL_PARSE_FAILED, as Apollo answers over HTTP.
      const message = error instanceof GraphQLError ? error.message : 'Syntax error';
      return { errors: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
    }
    const errors = validate(this.schema, document, this.rules);
    // As Apollo does over HTTP: every validation failure (graphql-armor's
    // limits report theirs as BAD_USER_INPUT) is GRAPHQL_VALIDATION_FAILED.
    if (errors.length > 0) return { errors: errors.map(asValidationError) };
    const byOperation = new Map<string, LiveShape>();
    return {
      document,
      live: (operationName) => {
        const key = operationName ?? '';
        let shape = byOperation.get(key);
        if (!shape) {
          shape = { shaping: shapingVariables(document, operationName), shareable: isShareableOperation(this.schema, document, operationName) };
          byOperation.set(key, shape);
        }
        return shape;
      },
    };
  }
}

/** What live fan-out needs to know of one subscription operation (see live/socket-delivery.ts). */
interface LiveShape {
  shaping: string[];
  shareable: boolean;
}

type ParsedDocument =
  | { errors: GraphQLError[]; document?: undefined; live?: undefined }
  | { errors?: undefined; document: DocumentNode; live(operationName: string | null | undefined): LiveShape };

function asValidationError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}
