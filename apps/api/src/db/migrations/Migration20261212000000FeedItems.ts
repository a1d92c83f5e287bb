import { Migration } from '@mikro-orm/migrations';

/**
 * The grouped feed (feed/feed-items.ts): one item per piece of work,
 * ordered by its latest share or reshare.
 *
 * - `share.active_event_id`, on an original: the newest SHARED or RESHARED
 *   event among it and its reshares. A reshare raises its original's in the
 *   same statement that stores it, so the feed's page is one index scan
 *   instead of a group-by over every share ever made. Null on a reshare.
 * - `share_resharer_idx`: an original's reshares by person, newest first,
 *   for "Julien Moreau and Chris Adeyemi reshared".
 */
export class Migration20261212000000FeedItems extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table share add column active_event_id bigint;`);
    this.addSql(`
      update share o set active_event_id = latest.id
        from (select original_id, max(event_id) as id from share group by original_id) latest
       where o.id = latest.original_id and o.reshare_of_id is null;`);
    this.addSql(`create index share_feed_item_idx on share (active_event_id desc) where reshare_of_id is null;`);
    this.addSql(`create index share_resharer_idx on share (original_id, sharer_id, event_id desc) where reshare_of_id is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index share_resharer_idx;`);
    this.addSql(`drop index share_feed_item_idx;`);
    this.addSql(`alter table share drop column active_event_id;`);
  }
}
