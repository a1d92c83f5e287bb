import type { PickablePersonFragment, ShareWorkInput } from '@ripple/schema';
import type { Problems } from '$lib/graphql/problems';

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
