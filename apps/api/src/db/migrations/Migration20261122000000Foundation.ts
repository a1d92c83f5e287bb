import { Migration } from '@mikro-orm/migrations';

/**
 * People, sessions, follows, connections and the append-only event log.
 * Handles and emails are stored lower-cased, so plain unique indexes make
 * them case-insensitively unique.
 */
export class Migration20261122000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table person (
        id bigint generated always as identity primary key,
        handle text not null,
        name text not null,
        email text not null,
        password_hash text not null,
        headline text not null default '',
        bio text not null default '',
        avatar_url text,
        links jsonb not null default '[]',
        phone text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint person_handle_unique unique (handle),
        constraint person_email_unique unique (email)
      );`);
    this.addSql(`create index person_name_id_idx on person (lower(name), id);`);

    this.addSql(`
      create table session (
        id bigint generated always as identity primary key,
        token_hash text not null,
        person_id bigint not null references person (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        constraint session_token_hash_unique unique (token_hash)
      );`);
    this.addSql(`create index session_person_idx on session (person_id);`);

    // The spine: every meaningful act appends one row, in the same transaction
    // as the state it changes. root_id/depth are copied from the cause so a
    // whole ripple is one range scan on (root_id, id).
    this.addSql(`create sequence event_id_seq as bigint;`);
    this.addSql(`
      create table event (
        id bigint primary key default nextval('event_id_seq'),
        kind text not null,
        actor_id bigint not null references person (id),
        subject_person_id bigint references person (id),
        cause_id bigint references event (id),
        root_id bigint not null references event (id),
        depth integer not null check (depth >= 0),
        -- public: every member; audience: exactly the people listed in audience.
        visibility text not null check (visibility in ('public', 'audience')),
        audience bigint[] not null default '{}',
        created_at timestamptz not null default now()
      );`);
    this.addSql(`alter sequence event_id_seq owned by event.id;`);
    this.addSql(`create index event_root_idx on event (root_id, id);`);
    this.addSql(`create index event_actor_idx on event (actor_id, id);`);
    this.addSql(`create index event_subject_person_idx on event (subject_person_id, id);`);
    this.addSql(`create index event_cause_idx on event (cause_id);`);
    this.addSql(`create index event_audience_idx on event using gin (audience);`);
    // Append-only means append-only, whoever connects.
    this.addSql(`
      create function event_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the event log is append-only';
      end $$;`);
    this.addSql(`
      create trigger event_append_only before update or delete on event
      for each statement execute function event_is_append_only();`);

    this.addSql(`
      create table follow (
        follower_id bigint not null references person (id) on delete cascade,
        followee_id bigint not null references person (id) on delete cascade,
        event_id bigint not null references event (id),
        created_at timestamptz not null default now(),
        primary key (follower_id, followee_id),
        constraint follow_not_self check (follower_id <> followee_id)
      );`);
    this.addSql(`create index follow_followee_idx on follow (followee_id, event_id);`);
    this.addSql(`create index follow_follower_idx on follow (follower_id, event_id);`);

    // Made by introductions; one row per pair, smaller id first.
    this.addSql(`
      create table connection (
        person_a_id bigint not null references person (id) on delete cascade,
        person_b_id bigint not null references person (id) on delete cascade,
        event_id bigint references event (id),
        created_at timestamptz not null default now(),
        primary key (person_a_id, person_b_id),
        constraint connection_ordered check (person_a_id < person_b_id)
      );`);
    this.addSql(`create index connection_b_idx on connection (person_b_id, person_a_id);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists connection, follow, session cascade;');
    this.addSql('drop table if exists event cascade;');
    this.addSql('drop function if exists event_is_append_only;');
    this.addSql('drop table if exists person cascade;');
  }
}
