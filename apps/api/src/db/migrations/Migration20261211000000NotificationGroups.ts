import { Migration } from '@mikro-orm/migrations';

/**
 * Grouped notifications and per-kind opt-outs (see notifications/NOTIFICATIONS.md):
 *
 * - `group_key` names what a notification is about (kind + subject). While a
 *   group is unread there is at most one row for it (a partial unique
 *   index): a new act updates that row in place and gives it a new id, so
 *   the id stays the stream's resume cursor and the update is re-delivered.
 *   `group_id` keeps the group's first id, so an id a client already holds
 *   still finds the group.
 * - `actor_ids`: the latest distinct actors (newest first, a few);
 *   `actor_count`: how many distinct actors the group has; `revision`: how
 *   many times the row was updated in place (0: new).
 * - `ripple_event_id`: for "your ripple grew", the event you started whose
 *   ripple grew.
 * - `notification_opt_out`: the kinds a person turned off (absent: on).
 *   The old `person.notify_ripple_grew` flag moves there.
 */
export class Migration20261211000000NotificationGroups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table notification
        add column group_key text,
        add column group_id bigint,
        add column actor_ids bigint[] not null default '{}',
        add column actor_count integer not null default 0,
        add column revision integer not null default 0,
        add column ripple_event_id bigint references event (id);`);
    this.addSql(`
      create unique index notification_open_group on notification (recipient_id, group_key)
        where read_at is null and group_key is not null;`);
    this.addSql(`create index notification_group_idx on notification (group_id) where group_id is not null;`);
    this.addSql(`
      create table notification_opt_out (
        person_id bigint not null references person (id),
        kind text not null,
        primary key (person_id, kind)
      );`);
    this.addSql(`insert into notification_opt_out (person_id, kind) select id, 'RIPPLE_GREW' from person where not notify_ripple_grew;`);
    this.addSql(`alter table person drop column notify_ripple_grew;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table person add column notify_ripple_grew boolean not null default true;`);
    this.addSql(`update person set notify_ripple_grew = false where id in (select person_id from notification_opt_out where kind = 'RIPPLE_GREW');`);
    this.addSql(`drop table notification_opt_out;`);
    this.addSql(`drop index notification_group_idx;`);
    this.addSql(`drop index notification_open_group;`);
    this.addSql(`
      alter table notification
        drop column group_key, drop column group_id, drop column actor_ids,
        drop column actor_count, drop column revision, drop column ripple_event_id;`);
  }
}
