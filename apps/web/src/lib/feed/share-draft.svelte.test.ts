import { describe, expect, it } from 'vitest';
import { problemsFrom } from '$lib/graphql/problems';
import { mentionProblems, ShareDraft } from './share-draft.svelte';

const person = (id: string, name: string) => ({ id, name, handle: id, headline: '', avatarUrl: null, isViewer: false });

describe('ShareDraft', () => {
  it('credits a member and leaves the outside fields out', () => {
    const draft = new ShareDraft('key-1');
    draft.url = ' https://example.org/essay ';
    draft.title = 'An essay';
    draft.author = [person('p1', 'Maya')];
    draft.authorName = 'left over from switching';
    draft.mentions = [person('p2', 'Julien'), person('p3', 'Chris')];
    expect(draft.toInput()).toEqual({
      url: 'https://example.org/essay',
      title: 'An essay',
      note: null,
      authorId: 'p1',
      authorName: null,
      authorHandle: null,
      authorUrl: null,
      mentionIds: ['p2', 'p3'],
      idempotencyKey: 'key-1',
    });
  });

  it('credits an outside author by name, with optional handle and link', () => {
    const draft = new ShareDraft('key-2');
    draft.authorKind = 'outside';
    draft.author = [person('p1', 'Maya')];
    draft.authorName = 'Ana Lee';
    draft.authorHandle = '@ana@mastodon.social';
    expect(draft.toInput()).toMatchObject({ authorId: null, authorName: 'Ana Lee', authorHandle: '@ana@mastodon.social', authorUrl: null });
  });

  it('keeps one idempotency key for the life of the form', () => {
    const draft = new ShareDraft();
    expect(draft.toInput().idempotencyKey).toBe(draft.toInput().idempotencyKey);
    expect(new ShareDraft().idempotencyKey).not.toBe(draft.idempotencyKey);
  });

  it('puts the API’s field problems next to the right fields, mentions by name', () => {
    const draft = new ShareDraft('k');
    draft.mentions = [person('p2', 'Julien'), person('p3', 'Chris')];
    const problems = problemsFrom(
      {
        graphQLErrors: [
          {
            message: 'Invalid input',
            extensions: {
              code: 'BAD_USER_INPUT',
              fields: [
                { field: 'url', message: 'must be a web address starting with http:// or https://' },
                { field: 'mentionIds.1', message: 'was not found' },
              ],
            },
          },
        ],
      },
      draft.labelFor,
    );
    expect(problems.fields.url).toBe('URL must be a web address starting with http:// or https://.');
    expect(mentionProblems(problems)).toBe('Mentioned person Chris was not found.');
    expect(mentionProblems({ fields: {}, summary: null })).toBeUndefined();
  });

  it('shows only the author problem for the kind of author chosen', () => {
    const draft = new ShareDraft('k');
    const message = 'credit the author: a member (authorId) or an outside author (authorName)';
    const error = {
      graphQLErrors: [
        {
          message: 'Invalid input',
          extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'authorId', message }, { field: 'authorName', message }] },
        },
      ],
    };
    expect(draft.problemsFor(error)).toEqual({
      fields: { authorId: 'Author is missing: pick the member whose work it is, or choose “Someone not on Ripple”.' },
      summary: 'Please fix the marked field.',
    });
    draft.authorKind = 'outside';
    expect(draft.problemsFor(error).fields).toEqual({ authorName: 'Author’s name is missing.' });
    expect(draft.problemsFor(null)).toEqual({ fields: {}, summary: null });
  });
});
