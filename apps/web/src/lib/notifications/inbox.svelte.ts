import { NotificationAddedDocument, NotificationBadgeDocument, type NotificationItemFragment } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';

const RETRY_MS = 15_000;

/**
 * The signed-in person's notifications as the whole app sees them: the
 * unread count for the header badge, and what arrived live for /me. One
 * `notificationAdded` stream serves both; it resumes after the newest
 * notification known when it started (and, across reconnects, after the
 * last one received), so the count never misses one.
 */
class NotificationInbox {
  /** Unread notifications; null until known. */
  unread = $state<number | null>(null);
  /** Notifications that arrived live since the inbox started, newest first. */
  arrived = $state<NotificationItemFragment[]>([]);

  #viewerId: string | null = null;
  #stop: () => void = () => {};

  /** Starts (or keeps) the inbox of this viewer. */
  start(viewerId: string): void {
    if (this.#viewerId === viewerId) return;
    this.stop();
    this.#viewerId = viewerId;
    void this.#connect(viewerId);
  }

  stop(): void {
    this.#stop();
    this.#stop = () => {};
    this.#viewerId = null;
    this.unread = null;
    this.arrived = [];
  }

  /** After "Mark all read" (no groups) or marking some read: the API's new count. */
  markedRead(remaining: number, groups?: readonly string[]): void {
    this.unread = remaining;
    this.arrived = this.arrived.map((n) => (!groups || groups.includes(n.group) ? { ...n, read: true } : n));
  }

  async #connect(viewerId: string): Promise<void> {
    const client = getClient();
    const result = await client.query(NotificationBadgeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    if (this.#viewerId !== viewerId) return; // signed out or switched meanwhile
    if (!result.data) {
      // The badge is not worth an error page: try again a little later.
      const retry = setTimeout(() => {
        if (this.#viewerId === viewerId) void this.#connect(viewerId);
      }, RETRY_MS);
      this.#stop = () => clearTimeout(retry);
      return;
    }
    this.unread = result.data.unreadNotificationCount;
    const since = result.data.notifications.edges[0]?.node.id ?? null;
    const subscription = client.subscription(NotificationAddedDocument, { since }).subscribe((next) => {
      const notification = next.data?.notificationAdded;
      if (!notification || this.arrived.some((n) => n.id === notification.id)) return;
      // A grouped notification updated in place comes again with the same group: it replaces the older.
      this.arrived = [notification, ...this.arrived.filter((n) => n.group !== notification.group)];
      // Only an unread group is updated in place, and it was counted already.
      if (!notification.read && notification.revision === 0) this.unread = (this.unread ?? 0) + 1;
    });
    this.#stop = () => subscription.unsubscribe();
  }
}

export const inbox = new NotificationInbox();
