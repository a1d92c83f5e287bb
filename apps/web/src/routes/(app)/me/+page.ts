import { NotificationSettingsDocument, NotificationsDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { NOTIFICATIONS_PAGE_SIZE } from '$lib/notifications/page';
import type { PageLoad } from './$types';

export const load = (async ({ parent }) => {
  const { viewer } = await parent(); // signed in first: no UNAUTHENTICATED round trip
  const client = getClient();
  const [notifications, settings] = await Promise.all([
    client.query(NotificationsDocument, { first: NOTIFICATIONS_PAGE_SIZE }, { requestPolicy: 'network-only' }).toPromise(),
    client.query(NotificationSettingsDocument, {}, { requestPolicy: 'network-only' }).toPromise(),
  ]);
  if (!notifications.data) return failLoad(notifications.error!);
  if (!settings.data) return failLoad(settings.error!);
  return { viewer, notifications: notifications.data.notifications, settings: settings.data.notificationSettings };
}) satisfies PageLoad;
