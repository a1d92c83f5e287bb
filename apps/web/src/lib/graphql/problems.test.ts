import { describe, expect, it } from 'vitest';
import { INTERNAL, UNREACHABLE, hasCode, problemsFrom, type LabelFor } from './problems';

const labels: LabelFor = (field) =>
  ({ handle: 'Handle', email: 'Email', 'links.0.url': 'URL', 'links.1.label': 'Label' })[field];

const badInput = (fields: unknown) => ({
  graphQLErrors: [{ message: 'Invalid input: …', extensions: { code: 'BAD_USER_INPUT', fields } }],
});

describe('problemsFrom', () => {
  it('says nothing when there is no error', () => {
    expect(problemsFrom(undefined, labels)).toEqual({ fields: {}, summary: null });
  });

  it('puts each problem beside its field, dotted paths included, with the field label', () => {
    const problems = problemsFrom(
      badInput([
        { field: 'handle', message: 'must be 2–30 letters, digits or underscores' },
        { field: 'links.0.url', message: 'must be a web address starting with http:// or https://' },
      ]),
      labels,
    );
    expect(problems.fields).toEqual({
      handle: 'Handle must be 2–30 letters, digits or underscores.',
      'links.0.url': 'URL must be a web address starting with http:// or https://.',
    });
    expect(problems.summary).toBe('Please fix the 2 marked fields.');
  });

  it('keeps the first of several problems on one field', () => {
    const problems = problemsFrom(
      badInput([
        { field: 'email', message: 'must be an email address' },
        { field: 'email', message: 'is too long' },
      ]),
      labels,
    );
    expect(problems.fields).toEqual({ email: 'Email must be an email address.' });
    expect(problems.summary).toBe('Please fix the marked field.');
  });

  it('summarises problems for fields the form does not show', () => {
    const problems = problemsFrom(badInput([{ field: 'links', message: 'at most 10 links' }]), labels);
    expect(problems.fields).toEqual({});
    expect(problems.summary).toBe('Links: at most 10 links.');
  });

  it('maps a CONFLICT on a field, such as a taken handle', () => {
    const error = {
      graphQLErrors: [
        { message: 'That handle is taken.', extensions: { code: 'CONFLICT', fields: [{ field: 'handle', message: 'is taken' }] } },
      ],
    };
    expect(problemsFrom(error, labels)).toEqual({
      fields: { handle: 'Handle is taken.' },
      summary: 'Please fix the marked field.',
    });
  });

  it('shows the message of errors without fields, e.g. RATE_LIMITED', () => {
    const error = {
      graphQLErrors: [{ message: 'Too many failed sign-ins. Try again in 15 minutes.', extensions: { code: 'RATE_LIMITED' } }],
    };
    expect(problemsFrom(error, labels)).toEqual({
      fields: {},
      summary: 'Too many failed sign-ins. Try again in 15 minutes.',
    });
    expect(hasCode(error, 'RATE_LIMITED')).toBe(true);
    expect(hasCode(error, 'CONFLICT')).toBe(false);
  });

  it('ignores a malformed fields extension', () => {
    const problems = problemsFrom(
      { graphQLErrors: [{ message: 'Bad.', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 3 }, 'x'] } }] },
      labels,
    );
    expect(problems).toEqual({ fields: {}, summary: 'Bad.' });
  });

  it('hides internal messages and explains network failures', () => {
    expect(problemsFrom({ graphQLErrors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }).summary).toBe(INTERNAL);
    expect(problemsFrom({ graphQLErrors: [], networkError: new TypeError('Failed to fetch') }).summary).toBe(UNREACHABLE);
  });
});
