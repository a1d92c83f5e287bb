import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types every operation of the web client from the API's schema. The
 * operations live in operations/*.graphql; the TypedDocumentNodes land in
 * src/generated/ and are re-exported by src/index.ts.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // The snapshot's shape is its format module's (src/ripple-snapshot.ts).
        scalars: { DateTime: 'string', ID: 'string', RippleSnapshot: "import('../ripple-snapshot.js').RippleSnapshotData" },
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
