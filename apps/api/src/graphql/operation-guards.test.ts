import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type GraphQLSchema } from 'graphql';
import { buildRippleSchema } from './schema.js';
import { createOperationGuards, LIMITS } from './operation-guards.js';

/**
 * The cost and input analyses are cached per document text and operation
 * name (issue 9): a repeated operation is not visited again, and the limits
 * still hold on every request, whatever the variables.
 */

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRippleSchema();
});

const NESTED = `query Nested($n: Int, $after: String) {
  people(first: $n, after: $after) { edges { node { followers(first: $n) { edges { node { id } } } } } }
}`;

describe('operation guards, cached', () => {
  it('refuse an over-costly operation every time it comes, with the same code', () => {
    const guards = createOperationGuards({ production: true });
    for (let i = 0; i < 3; i++) {
      const error = guards.complexityError(schema, parse(NESTED), { n: 100 }, 'Nested', NESTED);
      expect(error?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error?.message).toMatch(new RegExp(`more than the limit of ${LIMITS.maxComplexity}`));
    }
  });

  it('cost the same text again for each `first`, but not for each cursor', () => {
    const guards = createOperationGuards({ production: true });
    const document = parse(NESTED);
    expect(guards.complexityError(schema, document, { n: 10, after: null }, 'Nested', NESTED)).toBeNull();
    expect(guards.complexityError(schema, document, { n: 100, after: null }, 'Nested', NESTED)).not.toBeNull();
    expect(guards.complexityError(schema, document, { n: 10, after: 'abc' }, 'Nested', NESTED)).toBeNull();
    // The text is the key: a later request with the same text is answered
    // from the cache without visiting its document (here one of no cost at
    // all stands in, so a visit would answer null).
    const cheap = parse(`query Nested { viewer { id } }`);
    expect(guards.complexityError(schema, cheap, { n: 100, after: 'xyz' }, 'Nested', NESTED)).not.toBeNull();
    // Without the text (the WebSocket path), the document is costed as it is.
    expect(guards.complexityError(schema, cheap, { n: 100 }, 'Nested')).toBeNull();
  });

  it('keep an operation name apart from another in the same text', () => {
    const guards = createOperationGuards({ production: true });
    const text = `query Small { viewer { id } } query Big { people(first: 100) { edges { node { followers(first: 100) { edges { node { id } } } } } } }`;
    const document = parse(text);
    expect(guards.complexityError(schema, document, {}, 'Small', text)).toBeNull();
    expect(guards.complexityError(schema, document, {}, 'Big', text)).not.toBeNull();
    expect(guards.complexityError(schema, document, {}, 'Small', text)).toBeNull();
  });

  it('refuse unstorable text in a literal every time, naming the field, and read the variables every time', () => {
    const guards = createOperationGuards({ production: true });
    const text = `mutation { updateProfile(input: { name: "a\\u0000b" }) { id } }`;
    for (let i = 0; i < 2; i++) {
      const error = guards.inputError(parse(text), {}, text);
      expect(error?.extensions.code).toBe('BAD_USER_INPUT');
      expect(error?.extensions.fields).toEqual([{ field: 'input.name', message: expect.any(String) }]);
    }
    const clean = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`;
    expect(guards.inputError(parse(clean), { input: { name: 'fine' } }, clean)).toBeNull();
    expect(guards.inputError(parse(clean), { input: { name: 'a\u0000b' } }, clean)?.extensions.fields).toEqual([
      { field: 'input.name', message: expect.any(String) },
    ]);
  });
});
