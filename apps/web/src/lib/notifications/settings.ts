import type { NotificationKind } from '@ripple/schema';

/** The settings' wording for each kind, in the order the page lists them (small acts first). */
export const KIND_SETTINGS: readonly { kind: NotificationKind; label: string; hint: string }[] = [
  { kind: 'SHARE_RESHARED', label: 'Someone reshares my share', hint: 'With their note. Grouped per share while unread.' },
  { kind: 'SHARE_THANKED', label: 'Someone thanks me for a share', hint: 'Grouped per share while unread.' },
  { kind: 'FOLLOWED', label: 'Someone follows me', hint: 'And from which share. Grouped per share while unread.' },
  { kind: 'SHARE_MENTIONED', label: 'A share mentions me', hint: 'Someone thought you should see it.' },
  { kind: 'SHARE_CREDITED', label: 'A share credits my work', hint: 'Someone shared something you made.' },
  { kind: 'INTRODUCTION_ASKED', label: 'Someone asks me to meet a person', hint: 'The ask still waits for you on Introductions.' },
  { kind: 'INTRODUCTION_CONNECTED', label: 'An introduction connects', hint: 'One you made, were part of, or just completed.' },
  {
    kind: 'RIPPLE_GREW',
    label: 'A ripple I started grows',
    hint: 'A new connection or follow two or more steps down something you shared or an introduction you made. Grouped per ripple.',
  },
];
