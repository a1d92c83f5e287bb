import { execute, getOperationAST, Kind, visit, type DocumentNode, type FieldNode, type ExecutionResult, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type WebSocket from 'ws';
import { createLoaders, type Context } from '../graphql/context.js';
import { RELATION_TRACE, type Atom } from './viewer-relations.js';

/**
 * How a subscription's results reach its WebSocket when live delivery
 * writes them itself (websocket.ts attaches one per subscription): the
 * operation to execute for each row, and the socket to write the
 * graphql-ws `next` message to. Subscribers whose `operationKey` is equal
 * may share one execution per event and audience class.
 */
export interface SocketDelivery {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variableValues: Record<string, unknown> | null | undefined;
  /** Document text, operation name and the variables that shape a result (not `since`). */
  operationKey: string;
  /** Every selected field is viewer-neutral or a declared relation (viewer-relations.ts). */
  shareable: boolean;
  /** The graphql-ws operation id. */
  operationId: string;
  socket: WebSocket;
  /** The same masking as every other GraphQL error. */
  format(errors: readonly GraphQLError[]): GraphQLFormattedError[];
}

const deliveries = new WeakMap<Context, SocketDelivery>();

/** Called by the WebSocket transport before the subscription starts. */
export function deliverOverSocket(ctx: Context, delivery: SocketDelivery): void {
  deliveries.set(ctx, delivery);
}

export function socketDeliveryOf(ctx: Context): SocketDelivery | undefined {
  return deliveries.get(ctx);
}

/**
 * Runs the subscription's selection for one row with a fresh identity map
 * and fresh loaders (the viewer's), and returns the serialised payload.
 * With `trace`, collects the viewer relations the execution consulted.
 */
export async function executeForViewer(ctx: Context, delivery: SocketDelivery, rootValue: unknown, trace?: Atom[]): Promise<string> {
  const em = ctx.em.fork();
  const contextValue: Context & { [RELATION_TRACE]?: Atom[] } = { ...ctx, em, loaders: createLoaders(em, ctx.viewer) };
  if (trace) contextValue[RELATION_TRACE] = trace;
  const result = (await execute({
    schema: delivery.schema,
    document: delivery.document,
    rootValue,
    contextValue,
    variableValues: delivery.variableValues,
    operationName: delivery.operationName,
  })) as ExecutionResult;
  return JSON.stringify(result.errors ? { ...result, errors: delivery.format(result.errors) } : result);
}

/** The graphql-ws `next` message around an already serialised payload: the payload is not serialised again per socket. */
export function nextMessage(operationId: string, payloadJson: string): string {
  return `{"id":${JSON.stringify(operationId)},"type":"next","payload":${payloadJson}}`;
}

/**
 * The variables that can change a live result: those used anywhere but in
 * the arguments of the subscription's root field (`since`, `eventId` choose
 * the rows, and each subscriber's rows are filtered before execution).
 */
export function shapingVariables(document: DocumentNode, operationName: string | null | undefined): string[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const rootFields = new Set(operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD));
  const used = new Set<string>();
  // Walk plainly: variables inside the root fields' own argument lists do not shape the result.
  const rootArgumentNodes = new Set([...rootFields].flatMap((field) => (field as FieldNode).arguments ?? []));
  visit(document, {
    Argument(node) {
      if (rootArgumentNodes.has(node)) return false;
      return undefined;
    },
    Variable(node) {
      used.add(node.name.value);
    },
    VariableDefinition() {
      return false;
    },
  });
  return [...used].sort();
}
