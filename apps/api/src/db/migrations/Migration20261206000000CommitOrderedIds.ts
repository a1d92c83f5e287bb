import { Migration } from '@mikro-orm/migrations';

/**
 * Event and notification ids that become visible in id order without a lock
 * (see live/PROTOCOL.md, "Ordering"). An id is
 *
 *     base + (top-level transaction id << 20) + n      (n = 1, 2, … within the transaction)
 *
 * so ids sort by the transaction that wrote them. Every id below
 * `commit_ordered_horizon()` (base + the oldest still-running transaction id
 * << 20) is final: its transaction has committed or aborted, and no row
 * with a smaller id can appear later. Readers that resume by id read only
 * below the horizon, so `since` stays exact while writers run concurrently.
 *
 * `base` is chosen once, here, so new ids are above every existing one.
 * `n` counts in a transaction-local setting; past 2^20 - 1 appends in one
 * transaction an append fails rather than reuse the next transaction's ids.
 */
export class Migration20261206000000CommitOrderedIds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      do $migration$
      declare
        newest bigint := greatest((select coalesce(max(id), 0) from event), (select coalesce(max(id), 0) from notification));
        base bigint := greatest(0, newest - (pg_current_xact_id()::text::bigint << 20));
      begin
        execute format($f$
          create function next_commit_ordered_id() returns bigint language plpgsql volatile as $body$
          declare n bigint := coalesce(nullif(current_setting('ripple.appended', true), ''), '0')::bigint + 1;
          begin
            if n >= 1048576 then raise exception 'more than 1048575 appends in one transaction'; end if;
            perform set_config('ripple.appended', n::text, true);
            return %1$s + (pg_current_xact_id()::text::bigint << 20) + n;
          end $body$;
          $f$, base);
        execute format($f$
          create function reserve_commit_ordered_ids(count int) returns bigint language plpgsql volatile as $body$
          declare first bigint := coalesce(nullif(current_setting('ripple.appended', true), ''), '0')::bigint + 1;
          begin
            if count < 1 then raise exception 'reserve at least one id'; end if;
            if first + count - 1 >= 1048576 then raise exception 'more than 1048575 appends in one transaction'; end if;
            perform set_config('ripple.appended', (first + count - 1)::text, true);
            return %1$s + (pg_current_xact_id()::text::bigint << 20) + first;
          end $body$;
          $f$, base);
        -- STABLE, not VOLATILE: it must read the snapshot of the statement that calls it.
        -- A volatile function would take a newer one, and a row committed after the
        -- statement's snapshot would sit below the horizon without being seen.
        execute format($f$
          create function commit_ordered_horizon() returns bigint language sql stable as $body$
            select %1$s + (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
          $body$;
          $f$, base);
      end
      $migration$;`);
    this.addSql(`alter table event alter column id set default next_commit_ordered_id();`);
    this.addSql(`alter table notification alter column id drop identity;`);
    this.addSql(`alter table notification alter column id set default next_commit_ordered_id();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table event alter column id set default nextval('event_id_seq');`);
    this.addSql(`select setval('event_id_seq', greatest((select max(id) from event), 1));`);
    this.addSql(`alter table notification alter column id drop default;`);
    this.addSql(`alter table notification alter column id add generated always as identity;`);
    this.addSql(`select setval(pg_get_serial_sequence('notification', 'id'), greatest((select max(id) from notification), 1));`);
    this.addSql(`drop function next_commit_ordered_id(), reserve_commit_ordered_ids(int), commit_ordered_horizon();`);
  }
}
