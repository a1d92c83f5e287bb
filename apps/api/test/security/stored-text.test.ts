import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { letIntroduce, proposeIntroduction } from '../support/introductions.js';

/**
 * RELIABILITY row 28 (injection into generated files) and the rules for
 * what stored text may hold. Regressions: a link URL or avatar with `\r\n`
 * was stored raw and copied into the vCard unescaped, so a stranger
 * downloading the card got forged EMAIL, TEL or a second FN; share URLs
 * could carry credentials; names could carry bidi overrides and zero-width
 * characters.
 */

const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { name headline bio avatarUrl links { label url } } }`;
const SHARE_WORK = `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id title note author { name handle url } } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`;
const VCARD = `query ($h: String!) { person(handle: $h) { vcard } }`;
const FORGED = '\r\nEMAIL:forged@evil.example\r\nTEL:+15550100\r\nFN:Mallory';

let api: TestApi;
let member: TestPerson;
let stranger: TestPerson;
beforeAll(async () => {
  api = await startTestApi();
  member = await newPerson(api, { name: 'Ana Member' });
  stranger = await newPerson(api);
});
afterAll(() => api?.close());

type Problem = { field: string; message: string };
function refusedFields(res: { errors?: { extensions?: Record<string, unknown> }[]; data?: unknown }): string[] {
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.data ?? null).toBeNull();
  return (res.errors![0]!.extensions!.fields as Problem[]).map((f) => f.field);
}

/** Parses a vCard with an independent parser (ical.js); every card in the text, and each one's lines. */
function parseCards(text: string) {
  const parsed = ICAL.parse(text) as unknown[];
  const roots = (Array.isArray(parsed[0]) ? parsed : [parsed]) as ConstructorParameters<typeof ICAL.Component>[0][];
  return roots.map((root) => {
    const card = new ICAL.Component(root);
    return {
      name: card.name,
      lines: card.getAllProperties().map((p) => ({ name: p.name, value: String(p.getFirstValue()), type: p.getParameter('type') ?? null })),
    };
  });
}

describe('row 28: stored text refuses control characters', () => {
  it.each([
    ['a link URL', { links: [{ label: 'Site', url: `https://site.example/a${FORGED}` }] }, 'links.0.url'],
    ['an avatar URL', { avatarUrl: `https://img.example/a.png${FORGED}` }, 'avatarUrl'],
    ['a link label', { links: [{ label: `Site${FORGED}`, url: 'https://site.example/' }] }, 'links.0.label'],
    ['a name', { name: `Ana${FORGED}` }, 'name'],
    ['a headline', { headline: `Connector${FORGED}` }, 'headline'],
    ['a headline with a tab', { headline: 'Connector\tand friend' }, 'headline'],
    ['a bio with an escape sequence', { bio: 'Hello \u001b[31mred\u001b[0m' }, 'bio'],
    ['a bio with a lone control character', { bio: 'bell\u0007' }, 'bio'],
    ['a name with a line separator', { name: 'Ana\u2028Mallory' }, 'name'],
  ])('%s with control characters is refused, naming the field, and nothing changes', async (_what, input, field) => {
    const before = await api.db(`select to_jsonb(p) - 'updated_at' as card from person p where handle = ?`, [member.handle]);
    const res = await api.gql(UPDATE, { input }, { token: member.token });
    expect(refusedFields(res)).toContain(field);
    expect(await api.db(`select to_jsonb(p) - 'updated_at' as card from person p where handle = ?`, [member.handle])).toEqual(before);
  });

  it('a bio keeps its line breaks, as LF whatever the client sent, and tabs', async () => {
    const res = await api.gql(UPDATE, { input: { bio: 'One\r\ntwo\rthree\n\tfour' } }, { token: member.token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile.bio).toBe('One\ntwo\nthree\n\tfour');
  });

  it('share titles and notes, and introduction reasons, notes and messages, follow the same rules', async () => {
    const base = { url: 'https://work.example/post', title: 'A post', authorName: 'Outside Author' };
    expect(refusedFields(await api.gql(SHARE_WORK, { input: { ...base, title: `A post${FORGED}` } }, { token: member.token }))).toEqual(['title']);
    expect(refusedFields(await api.gql(SHARE_WORK, { input: { ...base, url: `https://work.example/${FORGED}` } }, { token: member.token }))).toEqual(['url']);
    expect(refusedFields(await api.gql(SHARE_WORK, { input: { ...base, note: 'bell\u0007' } }, { token: member.token }))).toEqual(['note']);
    const shared = await api.gql(SHARE_WORK, { input: { ...base, note: 'Line one\r\nline two' } }, { token: member.token });
    expect(shared.data?.shareWork.note).toBe('Line one\nline two');

    const [a, b] = [await newPerson(api), await newPerson(api)];
    await letIntroduce(api, member, a, b);
    expect(refusedFields(await proposeIntroduction(api, member, a, b, { reason: 'You two\u001b[2J' }))).toEqual(['reason']);
    expect(refusedFields(await proposeIntroduction(api, member, a, b, { noteForA: 'hi\u0008' }))).toEqual(['noteForA']);
    const proposed = await proposeIntroduction(api, member, a, b, { reason: 'You both\r\nrun circles' });
    expect(proposed.data?.proposeIntroduction.reason).toBe('You both\nrun circles');
    const id = proposed.data!.proposeIntroduction.id;
    const message = await api.gql(
      `mutation ($id: ID!, $body: String!) { postIntroductionMessage(introductionId: $id, body: $body) { body } }`,
      { id, body: `Hello${'\u001b'}` },
      { token: member.token },
    );
    expect(message.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('row 28: a card’s vCard is exactly the member’s own lines', () => {
  it('even for a row stored before the rules (raw CR/LF everywhere): one card, no forged line', async () => {
    const victim = await newPerson(api, { name: 'Legacy Member' });
    await api.db(
      `update person set name = ?, headline = ?, bio = ?, avatar_url = ?, links = ?::jsonb where handle = ?`,
      [
        `Legacy${FORGED}`,
        `Head\rTEL:+15550199`,
        `Bio${FORGED}`,
        `https://img.example/a.png${FORGED}`,
        JSON.stringify([{ label: `Site"${FORGED}`, url: `https://site.example/,x;y${FORGED}` }]),
        victim.handle,
      ],
    );
    const res = await api.gql(VCARD, { h: victim.handle }, { token: stranger.token });
    const text: string = res.data!.person.vcard;
    // Every physical line is a property or a fold; none starts with a forged property.
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/^(EMAIL|TEL|FN:Mallory)/);
    const cards = parseCards(text);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.name).toBe('vcard');
    const lines = cards[0]!.lines;
    expect(lines.map((l) => l.name)).toEqual(['version', 'fn', 'nickname', 'title', 'note', 'photo', 'source', 'url']);
    const value = (name: string) => lines.find((l) => l.name === name)!.value;
    expect(value('fn')).toBe('Legacy\nEMAIL:forged@evil.example\nTEL:+15550100\nFN:Mallory');
    expect(value('title')).toBe('Head\nTEL:+15550199');
    expect(value('photo')).toBe('https://img.example/a.png%0D%0AEMAIL:forged@evil.example%0D%0ATEL:+15550100%0D%0AFN:Mallory');
    expect(value('url')).toBe('https://site.example/,x;y%0D%0AEMAIL:forged@evil.example%0D%0ATEL:+15550100%0D%0AFN:Mallory');
  });

  it('for a connection: the member’s own lines with contact, escapes round-tripping', async () => {
    const owner = await newPerson(api, { name: 'Zoë, “Z”; Owner\\' });
    await api.gql(
      UPDATE,
      {
        input: {
          headline: 'Connector; five intros, a week',
          bio: 'Line one\nline two, with; marks \\ and ^carets^',
          avatarUrl: 'https://img.example/zoë face.png',
          links: [{ label: 'Office "hours", Mondays', url: 'https://example.org/zoe?a=1&b=2' }],
          phone: '+1 (415) 555-0134',
        },
      },
      { token: owner.token },
    );
    const text: string = (await api.gql(VCARD, { h: owner.handle }, { token: owner.token })).data!.person.vcard;
    const cards = parseCards(text);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.lines.map(({ name, value }) => [name, value])).toEqual([
      ['version', '4.0'],
      ['fn', 'Zoë, “Z”; Owner\\'],
      ['nickname', owner.handle],
      ['title', 'Connector; five intros, a week'],
      ['note', 'Line one\nline two, with; marks \\ and ^carets^'],
      ['photo', 'https://img.example/zo%C3%AB%20face.png'],
      ['source', expect.stringMatching(new RegExp(`/people/${owner.handle}$`))],
      ['url', 'https://example.org/zoe?a=1&b=2'],
      ['email', owner.email],
      ['tel', 'tel:+14155550134'],
    ]);
    expect(String(cards[0]!.lines.find((l) => l.name === 'url')!.type)).toBe('Office "hours", Mondays');
  });
});

describe('share URLs with credentials are refused', () => {
  it.each([
    ['url', 'https://user:pass@work.example/post'],
    ['url', 'https://user@work.example/post'],
    ['authorUrl', 'http://:secret@author.example/'],
  ])('%s %s', async (field, url) => {
    const input = { url: 'https://work.example/post', title: 'A post', authorName: 'Outside Author', [field]: url };
    const res = await api.gql(SHARE_WORK, { input }, { token: member.token });
    expect(refusedFields(res)).toEqual([field]);
    expect(JSON.stringify(res.errors)).toMatch(/user name or password/);
  });

  it('and so are profile links and avatars with them', async () => {
    expect(refusedFields(await api.gql(UPDATE, { input: { links: [{ label: 'x', url: 'https://a:b@site.example' }] } }, { token: member.token }))).toEqual(['links.0.url']);
    expect(refusedFields(await api.gql(UPDATE, { input: { avatarUrl: 'https://a:b@img.example/x.png' } }, { token: member.token }))).toEqual(['avatarUrl']);
  });
});

describe('display names refuse bidi controls and invisible characters', () => {
  const HIDDEN = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\uFEFF', '\u2060', '\u061C', '\u00AD', '\u3164'];

  it.each(HIDDEN.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s in a member’s name (sign-up and profile) or an outside author’s name or handle',
    async (_code, char) => {
      const handle = `hidden_${char.codePointAt(0)!.toString(16)}`;
      const signUp = await api.gql(SIGN_UP, { input: { name: `Ana${char}Admin`, handle, email: `${handle}@example.test`, password: 'long enough pass' } });
      expect(refusedFields(signUp)).toEqual(['name']);
      expect(await api.db(`select 1 from person where handle = ?`, [handle])).toEqual([]);
      expect(refusedFields(await api.gql(UPDATE, { input: { name: `An${char}a` } }, { token: member.token }))).toEqual(['name']);
      const share = { url: 'https://work.example/post', title: 'A post' };
      expect(refusedFields(await api.gql(SHARE_WORK, { input: { ...share, authorName: `Auth${char}or` } }, { token: member.token }))).toEqual(['authorName']);
      expect(refusedFields(await api.gql(SHARE_WORK, { input: { ...share, authorName: 'Author', authorHandle: `@a${char}b` } }, { token: member.token }))).toEqual(['authorHandle']);
    },
  );

  it('still accepts names in any script, with accents and emoji', async () => {
    for (const name of ['Zoë Saldaña', 'Nguyễn Thị Minh', 'محمد', 'שרה', '李小龍', 'Ana ❤️', 'O’Brien-Smith']) {
      const res = await api.gql(UPDATE, { input: { name } }, { token: member.token });
      expect(res.errors, name).toBeUndefined();
      expect(res.data?.updateProfile.name).toBe(name);
    }
  });
});
