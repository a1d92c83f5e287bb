/**
 * The URL, if it is an http(s) address, else undefined. The API only stores
 * such links; checking again keeps a `javascript:` link off the page whatever
 * happens upstream.
 */
export function webHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
