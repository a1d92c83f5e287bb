// The web client's typed operations, generated from schema.graphql and operations/*.graphql.
export * from './generated/graphql.js';
export * from './ripple-snapshot.js';
