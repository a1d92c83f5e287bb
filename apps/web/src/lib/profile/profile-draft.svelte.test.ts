import { describe, expect, it } from 'vitest';
import { ProfileDraft } from './profile-draft.svelte';

const card = {
  id: '1',
  handle: 'ada',
  name: 'Ada Lovelace',
  headline: 'Analyst',
  bio: '',
  avatarUrl: null,
  links: [{ label: 'Notes', url: 'https://example.org/notes' }],
  contact: { email: 'ada@example.org', phone: null },
};

describe('ProfileDraft', () => {
  it('sends the whole card, clearing empty optional fields', () => {
    const draft = new ProfileDraft(card);
    draft.headline = 'Poet of science';
    expect(draft.toInput()).toEqual({
      name: 'Ada Lovelace',
      handle: 'ada',
      headline: 'Poet of science',
      bio: '',
      avatarUrl: null,
      email: 'ada@example.org',
      phone: null,
      links: [{ label: 'Notes', url: 'https://example.org/notes' }],
    });
  });

  it('leaves blank link rows out and maps the API’s link paths back to rows', () => {
    const draft = new ProfileDraft(card);
    draft.addLink(); // row 1 stays blank
    const third = draft.addLink();
    third.label = 'Site';
    third.url = 'not a url';
    expect(draft.toInput().links).toHaveLength(2);
    // The API numbers sent links: the second one sent is row 2 on the form.
    expect(draft.rowField('links.1.url')).toBe('links.2.url');
    expect(draft.rowField('links.0.label')).toBe('links.0.label');
    expect(draft.rowField('handle')).toBe('handle');
  });

  it('sends the current password only when the email changes', () => {
    const draft = new ProfileDraft(card);
    draft.currentPassword = 'typed earlier';
    draft.email = ' ADA@example.org ';
    expect(draft.emailChanged).toBe(false);
    expect(draft.toInput()).not.toHaveProperty('currentPassword');
    draft.email = 'ada@lovelace.example';
    expect(draft.emailChanged).toBe(true);
    expect(draft.toInput()).toMatchObject({ email: 'ada@lovelace.example', currentPassword: 'typed earlier' });
  });

  it('adds and removes rows', () => {
    const draft = new ProfileDraft(card);
    draft.addLink();
    draft.removeLink(0);
    expect(draft.links.map((l) => l.url)).toEqual(['']);
  });
});
