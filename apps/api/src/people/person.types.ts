import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../graphql/node.js';
import { ConnectionOf } from '../graphql/relay.js';

@ObjectType({ description: 'A labelled link on a card, e.g. "Website" or "Newsletter".' })
export class ProfileLink {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  url!: string;
}

@ObjectType({ description: 'Private details: shown only to the person and their connections.' })
export class ContactDetails {
  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}

/**
 * A member's public card. The root value at run time is the PersonEntity,
 * but only the fields declared here (and the guarded field resolvers) are
 * ever exposed: email and phone live behind `contact`.
 */
@ObjectType('Person', { implements: Node, description: 'A member and their digital business card.' })
export class Person extends Node {
  @Field(() => String, { description: 'Unique, lower-case; the card lives at /people/<handle>.' })
  handle!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  headline!: string;

  @Field(() => String)
  bio!: string;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;

  @Field(() => [ProfileLink])
  links!: ProfileLink[];

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

export const PersonConnection = ConnectionOf(Person, 'Person');

@ObjectType({ description: 'A session token and who it belongs to.' })
export class AuthPayload {
  @Field(() => String, {
    description: 'Send as `Authorization: Bearer <token>` or in graphql-ws `connectionParams`. The web app also gets it as an httpOnly cookie.',
  })
  token!: string;

  @Field(() => Person)
  person!: Person;
}

@InputType()
export class ProfileLinkInput {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  url!: string;
}

@InputType({ description: 'Only the fields given change; null clears an optional field.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  handle?: string | null;

  @Field(() => String, { nullable: true })
  headline?: string | null;

  @Field(() => String, { nullable: true })
  bio?: string | null;

  @Field(() => String, { nullable: true })
  avatarUrl?: string | null;

  @Field(() => [ProfileLinkInput], { nullable: true })
  links?: ProfileLinkInput[] | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Required when `email` changes (a wrong one counts like a failed sign-in); ignored otherwise.',
  })
  currentPassword?: string | null;
}
