import type { PickablePersonFragment, ShareWorkInput } from '@ripple/schema';
import { problemsFrom, type ErrorLike, type Problems } from '$lib/graphql/problems';

export type AuthorKind = 'member' | 'outside';

export const SHARE_LIMITS = { title: 200, note: 2000, authorName: 80, authorHandle: 80, mentions: 20 } as const;

const LABELS: Record<string, string> = {
  url: 'URL',
  title: 'Title',
  note: 'Your note',
  authorId: 'Author',
  authorName: 'Author’s name',
  authorHandle: 'Their handle',
  authorUrl: 'Their web page',
  mentionIds: 'Mentions',
};

const MENTION = /^mentionIds\.(\d+)$/;

/**
 * The share form's state. One idempotency key per form instance, sent with
 * every submit of it: a double click or a retried request stores one share.
 */
export class ShareDraft {
  url = $state('');
  title = $state('');
  note = $state('');
  authorKind = $state<AuthorKind>('member');
  author = $state<PickablePersonFragment[]>([]);
  authorName = $state('');
  authorHandle = $state('');
  authorUrl = $state('');
  mentions = $state<PickablePersonFragment[]>([]);
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string = crypto.randomUUID()) {
    this.idempotencyKey = idempotencyKey;
  }

  /** The input for `shareWork`: the author as a member or as an outside name, never both. */
  toInput(): ShareWorkInput {
    const member = this.authorKind === 'member';
    const optional = (value: string) => value.trim() || null;
    return {
      url: this.url.trim(),
      title: this.title.trim(),
      note: optional(this.note),
      authorId: member ? (this.author[0]?.id ?? null) : null,
      authorName: member ? null : optional(this.authorName),
      authorHandle: member ? null : optional(this.authorHandle),
      authorUrl: member ? null : optional(this.authorUrl),
      mentionIds: this.mentions.map((p) => p.id),
      idempotencyKey: this.idempotencyKey,
    };
  }

  /**
   * What the form shows for an operation's error. Problems about the author
   * fields of the kind not chosen are left out: with no author at all the API
   * names both `authorId` and `authorName`, and only one of them is on screen.
   */
  problemsFor(error: ErrorLike | null | undefined): Problems {
    if (!error) return problemsFrom(error);
    const hidden = new Set(this.authorKind === 'member' ? ['authorName', 'authorHandle', 'authorUrl'] : ['authorId']);
    const visible = (problem: unknown) => !(typeof problem === 'object' && problem !== null && hidden.has(String((problem as { field?: unknown }).field)));
    // The API explains a missing author in its own terms (field names); say it in the form's.
    const worded = (problem: unknown) => {
      const { field, message } = (problem ?? {}) as { field?: unknown; message?: unknown };
      if (typeof message !== 'string' || !message.includes('(authorId)')) return problem;
      if (field === 'authorId') return { field, message: 'is missing: pick the member whose work it is, or choose “Someone not on Ripple”' };
      if (field === 'authorName') return { field, message: 'is missing' };
      return problem;
    };
    return problemsFrom(
      {
        ...error,
        graphQLErrors: error.graphQLErrors.map((e) => {
          const fields = e.extensions?.fields;
          return Array.isArray(fields) ? { ...e, extensions: { ...e.extensions, fields: fields.filter(visible).map(worded) } } : e;
        }),
      },
      this.labelFor,
    );
  }

  /** The label the API's field path belongs to, e.g. `mentionIds.1` → that person's name. */
  labelFor = (field: string): string | undefined => {
    const mention = MENTION.exec(field);
    if (mention) {
      const person = this.mentions[Number(mention[1])];
      return person ? `Mentioned person ${person.name}` : undefined;
    }
    return LABELS[field];
  };
}

/** Every `mentionIds.N` problem, joined, for the one place the mention picker shows its error. */
export function mentionProblems(problems: Problems): string | undefined {
  const lines = Object.entries(problems.fields)
    .filter(([field]) => field === 'mentionIds' || MENTION.test(field))
    .map(([, message]) => message);
  return lines.length > 0 ? lines.join(' ') : undefined;
}
