import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildRippleSchema } from './schema.js';

/** The contract file both sides build against, written by the API. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../../packages/schema/schema.graphql', import.meta.url));

/** The schema as SDL, sorted so that the file changes only when the contract does. */
export async function printRippleSchema(): Promise<string> {
  const schema = await buildRippleSchema();
  return (
    '# The Ripple GraphQL contract. Written by the API (`pnpm schema:emit`); do not edit by hand.\n' +
    '# A test fails when this file and the API disagree.\n\n' +
    printSchema(lexicographicSortSchema(schema)) +
    '\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await printRippleSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
