/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment PersonSummary on Person {\n  id\n  handle\n  name\n  headline\n  avatarUrl\n  followerCount\n}\n\nquery People($search: String, $first: Int, $after: String) {\n  people(search: $search, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...PersonSummary\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n\nfragment PersonCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  followerCount\n  followingCount\n  viewerFollows\n  followsViewer\n  isViewer\n  contact {\n    email\n    phone\n  }\n  vcard\n}\n\nquery Person($handle: String!) {\n  person(handle: $handle) {\n    ...PersonCard\n  }\n}\n\nmutation Follow($personId: ID!) {\n  follow(personId: $personId) {\n    ...PersonCard\n  }\n}\n\nmutation Unfollow($personId: ID!) {\n  unfollow(personId: $personId) {\n    ...PersonCard\n  }\n}": typeof types.PersonSummaryFragmentDoc,
    "fragment EditableCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  contact {\n    email\n    phone\n  }\n}\n\nquery MyCard {\n  viewer {\n    ...EditableCard\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...EditableCard\n  }\n}": typeof types.EditableCardFragmentDoc,
    "fragment ViewerFields on Person {\n  id\n  handle\n  name\n  avatarUrl\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": typeof types.ViewerFieldsFragmentDoc,
};
const documents: Documents = {
    "fragment PersonSummary on Person {\n  id\n  handle\n  name\n  headline\n  avatarUrl\n  followerCount\n}\n\nquery People($search: String, $first: Int, $after: String) {\n  people(search: $search, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...PersonSummary\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n\nfragment PersonCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  followerCount\n  followingCount\n  viewerFollows\n  followsViewer\n  isViewer\n  contact {\n    email\n    phone\n  }\n  vcard\n}\n\nquery Person($handle: String!) {\n  person(handle: $handle) {\n    ...PersonCard\n  }\n}\n\nmutation Follow($personId: ID!) {\n  follow(personId: $personId) {\n    ...PersonCard\n  }\n}\n\nmutation Unfollow($personId: ID!) {\n  unfollow(personId: $personId) {\n    ...PersonCard\n  }\n}": types.PersonSummaryFragmentDoc,
    "fragment EditableCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  contact {\n    email\n    phone\n  }\n}\n\nquery MyCard {\n  viewer {\n    ...EditableCard\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...EditableCard\n  }\n}": types.EditableCardFragmentDoc,
    "fragment ViewerFields on Person {\n  id\n  handle\n  name\n  avatarUrl\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": types.ViewerFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PersonSummary on Person {\n  id\n  handle\n  name\n  headline\n  avatarUrl\n  followerCount\n}\n\nquery People($search: String, $first: Int, $after: String) {\n  people(search: $search, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...PersonSummary\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n\nfragment PersonCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  followerCount\n  followingCount\n  viewerFollows\n  followsViewer\n  isViewer\n  contact {\n    email\n    phone\n  }\n  vcard\n}\n\nquery Person($handle: String!) {\n  person(handle: $handle) {\n    ...PersonCard\n  }\n}\n\nmutation Follow($personId: ID!) {\n  follow(personId: $personId) {\n    ...PersonCard\n  }\n}\n\nmutation Unfollow($personId: ID!) {\n  unfollow(personId: $personId) {\n    ...PersonCard\n  }\n}"): (typeof documents)["fragment PersonSummary on Person {\n  id\n  handle\n  name\n  headline\n  avatarUrl\n  followerCount\n}\n\nquery People($search: String, $first: Int, $after: String) {\n  people(search: $search, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...PersonSummary\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n\nfragment PersonCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  followerCount\n  followingCount\n  viewerFollows\n  followsViewer\n  isViewer\n  contact {\n    email\n    phone\n  }\n  vcard\n}\n\nquery Person($handle: String!) {\n  person(handle: $handle) {\n    ...PersonCard\n  }\n}\n\nmutation Follow($personId: ID!) {\n  follow(personId: $personId) {\n    ...PersonCard\n  }\n}\n\nmutation Unfollow($personId: ID!) {\n  unfollow(personId: $personId) {\n    ...PersonCard\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment EditableCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  contact {\n    email\n    phone\n  }\n}\n\nquery MyCard {\n  viewer {\n    ...EditableCard\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...EditableCard\n  }\n}"): (typeof documents)["fragment EditableCard on Person {\n  id\n  handle\n  name\n  headline\n  bio\n  avatarUrl\n  links {\n    label\n    url\n  }\n  contact {\n    email\n    phone\n  }\n}\n\nquery MyCard {\n  viewer {\n    ...EditableCard\n  }\n}\n\nmutation UpdateProfile($input: UpdateProfileInput!) {\n  updateProfile(input: $input) {\n    ...EditableCard\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ViewerFields on Person {\n  id\n  handle\n  name\n  avatarUrl\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"): (typeof documents)["fragment ViewerFields on Person {\n  id\n  handle\n  name\n  avatarUrl\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}\n\nmutation SignUp($input: SignUpInput!) {\n  signUp(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    person {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;