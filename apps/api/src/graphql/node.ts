import { Field, ID, InterfaceType } from 'type-graphql';
import { PersonEntity } from '../people/person.entity.js';
import { EventEntity } from '../events/event.entity.js';

/** Anything fetchable by `node(id:)`; its id is opaque and global. */
@InterfaceType({
  description: 'An object with a global id, fetchable with `node(id:)`.',
  resolveType: (value) => {
    if (value instanceof PersonEntity) return 'Person';
    if (value instanceof EventEntity) return 'Event';
    return undefined;
  },
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
