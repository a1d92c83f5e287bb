import { describe, expect, it } from 'vitest';
import { problemsFrom } from '$lib/graphql/problems';
import { IntroductionDraft } from './intro-draft.svelte';

const person = (id: string, name: string) => ({ id, name, handle: id, headline: '', avatarUrl: null, isViewer: false });

describe('IntroductionDraft', () => {
  it('asks for both people before anything is sent', () => {
    const draft = new IntroductionDraft('k');
    expect(draft.missing()).toEqual({
      fields: { personAId: 'Choose the first person.', personBId: 'Choose the second person.' },
      summary: 'Please fix the 2 marked fields.',
    });
    draft.personA = [person('a', 'Leo')];
    draft.personB = [person('b', 'Priya')];
    expect(draft.missing()).toEqual({ fields: {}, summary: null });
  });

  it('sends the reason, optional notes, the mode and one key per form', () => {
    const draft = new IntroductionDraft('key-7');
    draft.personA = [person('a', 'Leo')];
    draft.personB = [person('b', 'Priya')];
    draft.reason = '  Leo needs a data engineer.  ';
    draft.noteForB = ' He is kind. ';
    draft.mode = 'ONE_FIRST';
    expect(draft.toInput()).toEqual({
      personAId: 'a',
      personBId: 'b',
      reason: 'Leo needs a data engineer.',
      noteForA: null,
      noteForB: 'He is kind.',
      mode: 'ONE_FIRST',
      idempotencyKey: 'key-7',
    });
  });

  it('labels the API’s field problems with the people’s names', () => {
    const draft = new IntroductionDraft('k');
    draft.personA = [person('a', 'Leo')];
    const problems = problemsFrom(
      {
        graphQLErrors: [
          {
            message: 'Invalid',
            extensions: {
              code: 'BAD_USER_INPUT',
              fields: [
                { field: 'reason', message: 'say why these two should meet' },
                { field: 'noteForA', message: 'must be at most 1000 characters' },
              ],
            },
          },
        ],
      },
      draft.labelFor,
    );
    expect(problems.fields).toEqual({
      reason: 'Reason: say why these two should meet.',
      noteForA: 'Your note to Leo must be at most 1000 characters.',
    });
  });
});
