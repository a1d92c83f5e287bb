import type { EditableCardFragment, UpdateProfileInput } from '@ripple/schema';

export interface LinkRow {
  /** Stable across edits, for keyed rendering and element ids. */
  key: number;
  label: string;
  url: string;
}

const LINK_FIELD = /^links\.(\d+)\.(label|url)$/;

/**
 * The edit form's state for one card. Blank link rows are left out of the
 * input, so the API's `links.N.*` paths count sent links, not rows:
 * `rowField` maps them back to the row the person sees.
 */
export class ProfileDraft {
  name = $state('');
  handle = $state('');
  headline = $state('');
  bio = $state('');
  avatarUrl = $state('');
  email = $state('');
  phone = $state('');
  links = $state<LinkRow[]>([]);
  /** Asked for only when the email changes (the API requires it then). */
  currentPassword = $state('');

  readonly #savedEmail: string;

  #nextKey = 0;
  #rowOfLink: number[] = [];

  constructor(card: EditableCardFragment) {
    this.name = card.name;
    this.handle = card.handle;
    this.headline = card.headline;
    this.bio = card.bio;
    this.avatarUrl = card.avatarUrl ?? '';
    this.email = card.contact?.email ?? '';
    this.#savedEmail = this.email;
    this.phone = card.contact?.phone ?? '';
    this.links = card.links.map((link) => ({ key: this.#nextKey++, label: link.label, url: link.url }));
  }

  /** Adds a blank row and returns it (the reactive one, not a copy). */
  addLink(): LinkRow {
    this.links.push({ key: this.#nextKey++, label: '', url: '' });
    return this.links[this.links.length - 1]!;
  }

  removeLink(index: number): void {
    this.links.splice(index, 1);
  }

  /** Whether the email differs from the saved one (as the API compares: trimmed, any case). */
  get emailChanged(): boolean {
    return this.email.trim().toLowerCase() !== this.#savedEmail.trim().toLowerCase();
  }

  /** The whole card as an update; empty optional fields clear them (null). The password goes only with a new email. */
  toInput(): UpdateProfileInput {
    this.#rowOfLink = [];
    const links = this.links.flatMap((row, index) => {
      const label = row.label.trim();
      const url = row.url.trim();
      if (!label && !url) return [];
      this.#rowOfLink.push(index);
      return [{ label, url }];
    });
    return {
      name: this.name,
      handle: this.handle,
      headline: this.headline,
      bio: this.bio,
      avatarUrl: this.avatarUrl.trim() || null,
      email: this.email,
      phone: this.phone.trim() || null,
      links,
      ...(this.emailChanged ? { currentPassword: this.currentPassword } : {}),
    };
  }

  /** The form's key for a field the API named about the last `toInput()`. */
  rowField(field: string): string {
    const match = LINK_FIELD.exec(field);
    if (!match) return field;
    const row = this.#rowOfLink[Number(match[1])];
    return row === undefined ? field : `links.${row}.${match[2]}`;
  }
}
