import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../graphql/node.js';
import { ConnectionOf } from '../graphql/relay.js';
import { Person } from '../people/person.types.js';
import { IntroductionAnswer, IntroductionMode, IntroductionStatus, CloseReason } from './introduction.entity.js';

registerEnumType(IntroductionMode, {
  name: 'IntroductionMode',
  description: 'Ask both people at once, or ask person A first and B only after A accepts.',
});
registerEnumType(IntroductionStatus, {
  name: 'IntroductionStatus',
  description: 'What everyone involved sees. A closed introduction never says why (except to its connector).',
});
registerEnumType(IntroductionAnswer, { name: 'IntroductionAnswer' });
registerEnumType(CloseReason, { name: 'IntroductionCloseReason', description: 'Seen only by the connector.' });

export enum IntroductionResponseInput {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  NOT_NOW = 'NOT_NOW',
}
registerEnumType(IntroductionResponseInput, {
  name: 'IntroductionResponse',
  description: 'NOT_NOW snoozes the ask: it stays open and comes back later.',
});

export enum IntroductionListRole {
  ASKED = 'ASKED',
  INTRODUCED = 'INTRODUCED',
  CONNECTED = 'CONNECTED',
}
registerEnumType(IntroductionListRole, {
  name: 'IntroductionRole',
  description: 'ASKED: open asks of you. INTRODUCED: introductions you made. CONNECTED: introductions of you that connected.',
});

@ObjectType({ description: "One person's side of an introduction, as its connector sees it." })
export class IntroductionPartyAnswer {
  @Field(() => Person)
  person!: Person;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Null until asked (the second person, asked one first).' })
  askedAt!: Date | null;

  @Field(() => IntroductionAnswer, { nullable: true })
  answer!: IntroductionAnswer | null;

  @Field(() => DateTimeResolver, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Their answer to "did you meet?".' })
  met!: boolean | null;
}

@ObjectType('Introduction', {
  implements: Node,
  description: 'A double-opt-in introduction, as the viewer may see it (see introductions/LIFECYCLE.md).',
})
export class Introduction extends Node {}

@ObjectType('IntroductionMessage', { description: 'A message in the three-way thread of a connected introduction.' })
export class IntroductionMessage {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

export const IntroductionConnection = ConnectionOf(Introduction, 'Introduction');
export const IntroductionMessageConnection = ConnectionOf(IntroductionMessage, 'IntroductionMessage');

@InputType()
export class ProposeIntroductionInput {
  @Field(() => ID, { description: 'In ONE_FIRST mode, the person asked first.' })
  personAId!: string;

  @Field(() => ID)
  personBId!: string;

  @Field(() => String, { description: 'Why these two should meet (required, at most 1,000 characters). Both see it.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'A private note only A sees.' })
  noteForA?: string | null;

  @Field(() => String, { nullable: true, description: 'A private note only B sees.' })
  noteForB?: string | null;

  @Field(() => IntroductionMode, { nullable: true, defaultValue: IntroductionMode.BOTH_AT_ONCE })
  mode?: IntroductionMode;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first result and stores nothing new.' })
  idempotencyKey?: string | null;
}
