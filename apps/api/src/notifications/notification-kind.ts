/** What a notification is about. Each kind can be turned off per person (see NOTIFICATIONS.md). */
export enum NotificationKind {
  /** Someone asks you to meet a person (a double-opt-in introduction). */
  INTRODUCTION_ASKED = 'INTRODUCTION_ASKED',
  /** An introduction you made, were part of, or just completed connected. */
  INTRODUCTION_CONNECTED = 'INTRODUCTION_CONNECTED',
  /** A share credits you as the author. */
  SHARE_CREDITED = 'SHARE_CREDITED',
  /** A share mentions you. */
  SHARE_MENTIONED = 'SHARE_MENTIONED',
  /** Someone reshared your share (grouped per share). */
  SHARE_RESHARED = 'SHARE_RESHARED',
  /** Someone thanked you for your share (grouped per share). */
  SHARE_THANKED = 'SHARE_THANKED',
  /** Someone followed you (grouped per share they followed you from). */
  FOLLOWED = 'FOLLOWED',
  /** Two or more hops down a ripple you started, a new connection or follow (grouped per ripple). */
  RIPPLE_GREW = 'RIPPLE_GREW',
}

export const NOTIFICATION_KINDS = Object.values(NotificationKind);
