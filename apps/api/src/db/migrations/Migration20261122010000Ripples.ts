import { Migration } from '@mikro-orm/migrations';

/**
 * Introductions (double opt-in), shares and reshares, thanks, notifications,
 * and event audiences. See introductions/LIFECYCLE.md for the states.
 */
export class Migration20261122010000Ripples extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table event add column subject_person2_id bigint references person (id);`);
    this.addSql(`create index event_subject_person2_idx on event (subject_person2_id, id) where subject_person2_id is not null;`);
    this.addSql(`alter table event add column subject_share_id bigint;`);
    this.addSql(`alter table event add column subject_introduction_id bigint;`);
    this.addSql(`create index event_feed_idx on event (id) where kind in ('SHARED', 'RESHARED');`);
    this.addSql(`create index event_introduction_idx on event (subject_introduction_id, id) where subject_introduction_id is not null;`);

    this.addSql(`
      create table introduction (
        id bigint generated always as identity primary key,
        connector_id bigint not null references person (id),
        person_a_id bigint not null references person (id),
        person_b_id bigint not null references person (id),
        reason text not null,
        note_for_a text,
        note_for_b text,
        mode text not null check (mode in ('BOTH_AT_ONCE', 'ONE_FIRST')),
        status text not null default 'PENDING' check (status in ('PENDING', 'CONNECTED', 'CLOSED')),
        close_reason text check (close_reason in ('DECLINED', 'WITHDRAWN', 'EXPIRED')),
        cause_event_id bigint references event (id),
        introduced_event_id bigint references event (id),
        connected_event_id bigint references event (id),
        idempotency_key text,
        request_hash text,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        connected_at timestamptz,
        closed_at timestamptz,
        constraint introduction_distinct_people check (
          person_a_id <> person_b_id and connector_id <> person_a_id and connector_id <> person_b_id),
        constraint introduction_idempotency unique (connector_id, idempotency_key)
      );`);
    // At most one open introduction per pair, whoever proposes it.
    this.addSql(`
      create unique index introduction_one_pending_per_pair on introduction
        (least(person_a_id, person_b_id), greatest(person_a_id, person_b_id)) where status = 'PENDING';`);
    this.addSql(`create index introduction_connector_idx on introduction (connector_id, id);`);
    this.addSql(`create index introduction_expiry_idx on introduction (expires_at) where status = 'PENDING';`);

    this.addSql(`
      create table introduction_party (
        introduction_id bigint not null references introduction (id) on delete cascade,
        person_id bigint not null references person (id),
        side text not null check (side in ('A', 'B')),
        asked_at timestamptz,
        response text check (response in ('ACCEPTED', 'DECLINED', 'NOT_NOW')),
        responded_at timestamptz,
        resurface_at timestamptz,
        met boolean,
        met_at timestamptz,
        primary key (introduction_id, person_id)
      );`);
    this.addSql(`create index introduction_party_person_idx on introduction_party (person_id, introduction_id);`);

    this.addSql(`
      create table introduction_message (
        id bigint generated always as identity primary key,
        introduction_id bigint not null references introduction (id) on delete cascade,
        author_id bigint not null references person (id),
        body text not null,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index introduction_message_idx on introduction_message (introduction_id, id);`);

    this.addSql(`alter table connection add column introduction_id bigint references introduction (id);`);

    this.addSql(`
      create table share (
        id bigint generated always as identity primary key,
        sharer_id bigint not null references person (id),
        url text not null,
        title text not null,
        note text not null default '',
        author_person_id bigint references person (id),
        author_name text,
        author_handle text,
        author_url text,
        reshare_of_id bigint references share (id),
        original_id bigint references share (id),
        event_id bigint not null references event (id),
        idempotency_key text,
        request_hash text,
        created_at timestamptz not null default now(),
        constraint share_idempotency unique (sharer_id, idempotency_key),
        constraint share_has_author check (author_person_id is not null or author_name is not null or reshare_of_id is not null)
      );`);
    this.addSql(`create index share_original_idx on share (original_id);`);
    this.addSql(`create index share_sharer_idx on share (sharer_id, id);`);
    this.addSql(`create index share_author_idx on share (author_person_id, id);`);

    this.addSql(`
      create table share_mention (
        share_id bigint not null references share (id) on delete cascade,
        person_id bigint not null references person (id),
        primary key (share_id, person_id)
      );`);
    this.addSql(`create index share_mention_person_idx on share_mention (person_id);`);

    this.addSql(`
      create table share_thanks (
        share_id bigint not null references share (id) on delete cascade,
        person_id bigint not null references person (id),
        event_id bigint not null references event (id),
        created_at timestamptz not null default now(),
        primary key (share_id, person_id)
      );`);

    this.addSql(`
      create table notification (
        id bigint generated always as identity primary key,
        recipient_id bigint not null references person (id),
        kind text not null,
        event_id bigint references event (id),
        introduction_id bigint references introduction (id),
        share_id bigint references share (id),
        read_at timestamptz,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index notification_recipient_idx on notification (recipient_id, id);`);
    this.addSql(`alter table person add column notify_ripple_grew boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table person drop column notify_ripple_grew;`);
    this.addSql(`drop table if exists notification, share_thanks, share_mention cascade;`);
    this.addSql(`drop table if exists share cascade;`);
    this.addSql(`alter table connection drop column introduction_id;`);
    this.addSql(`drop table if exists introduction_message, introduction_party, introduction cascade;`);
  }
}
