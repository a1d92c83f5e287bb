import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../graphql/node.js';
import { ConnectionOf } from '../graphql/relay.js';
import { EventKind } from './event.entity.js';

registerEnumType(EventKind, {
  name: 'EventKind',
  description: 'What happened. Every meaningful act appends one event to the log.',
});

/**
 * One entry of the append-only event log. `cause` links it to the event
 * that led to it; events sharing a `root` form one ripple.
 */
@ObjectType('Event', { implements: Node })
export class Event extends Node {
  @Field(() => EventKind)
  kind!: EventKind;

  @Field(() => Int, { description: 'Hops from the root of its ripple (the root is 0).' })
  depth!: number;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

export const EventConnection = ConnectionOf(Event, 'Event');
