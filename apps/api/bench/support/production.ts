// Imported first by every bench: graphql-js reads NODE_ENV once, when it is
// first loaded, and outside production it checks every instanceof twice
// across realms. Benches measure what production runs.
process.env.NODE_ENV = 'production';
