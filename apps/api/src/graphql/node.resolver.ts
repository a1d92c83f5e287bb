import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { notFound } from './errors.js';
import { requireViewer } from './guards.js';
import { Node, nodeType } from './node.js';
import { fromGlobalId } from './relay.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    description:
      'Any object by its global id. Missing and not-yours answer alike: NOT_FOUND. Signed out: only public shares and members (else UNAUTHENTICATED).',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const parsed = fromGlobalId(id);
    const type = parsed && nodeType(parsed.type);
    if (!type?.signedOut) requireViewer(ctx);
    const value = type ? await type.load(ctx, parsed.id) : null;
    if (!value) throw notFound();
    return value;
  }
}
