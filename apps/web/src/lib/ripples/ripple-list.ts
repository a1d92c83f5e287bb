import type { MyRipplesQuery } from '@ripple/schema';

/** Ripples per page on /ripples. */
export const RIPPLE_LIST_PAGE = 20;

export type RippleList = MyRipplesQuery['myRipples'];
export type RippleSummaryItem = RippleList['edges'][number]['node'];

/** A page appended to what is shown, each ripple once (a ripple can move while paging: it only grows). */
export function appendRipples(list: RippleList, next: RippleList): RippleList {
  const seen = new Set(list.edges.map((edge) => edge.node.root.id));
  return { edges: [...list.edges, ...next.edges.filter((edge) => !seen.has(edge.node.root.id))], pageInfo: next.pageInfo };
}
