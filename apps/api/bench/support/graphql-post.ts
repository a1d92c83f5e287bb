/**
 * A GraphQL client for benches: one POST per operation, as the web app
 * sends it, failing loudly on any error. Answers with the body and the
 * response's size in bytes (the benches print it).
 */
export function graphqlPost(url: string) {
  return async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { body, bytes: Buffer.byteLength(text) };
  };
}
