import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printRippleSchema, SCHEMA_FILE } from '../../apps/api/src/graphql/emit-schema.js';

describe('the GraphQL contract', () => {
  it('packages/schema/schema.graphql is exactly what the API serves (run `pnpm schema:emit` after changing the API)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printRippleSchema());
  });
});
