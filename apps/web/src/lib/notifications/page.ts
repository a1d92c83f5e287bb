/** Notifications per page on /me. */
export const NOTIFICATIONS_PAGE_SIZE = 20;
