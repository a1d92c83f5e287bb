import { Migration } from '@mikro-orm/migrations';

/**
 * `session_epoch.n` counts the sessions ended in the database: deleted (a
 * sign-out, a password change ending the others, a member removed) or their
 * expiry moved. Live delivery re-checks watched sessions before each batch
 * of rows (live/event-bus.ts `recheckSessions`); it reads this counter in
 * the same statement, so in the same snapshot, as the rows, and re-reads
 * every watched session only when it moved. An event committed after a
 * sign-out is visible to a snapshot only together with that sign-out's
 * bump, so no ended session is missed; and the bus does not probe 5,000
 * sessions for every share when nobody signed out.
 *
 * One row, updated in the ending transaction: sign-outs queue on it for
 * the moment of their commit. They are rare next to everything else (the
 * app never updates a session; sign-ins insert and do not bump it).
 */
export class Migration20261214000000SessionEpoch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table session_epoch (
        only_row boolean primary key default true check (only_row),
        n bigint not null
      );`);
    this.addSql(`insert into session_epoch (only_row, n) values (true, 0);`);
    this.addSql(`
      create function session_epoch_bump() returns trigger language plpgsql as $$
      begin
        update session_epoch set n = n + 1;
        return null;
      end $$;`);
    this.addSql(`create trigger session_ended after delete on session for each row execute function session_epoch_bump();`);
    this.addSql(`
      create trigger session_expiry_moved after update of expires_at on session
      for each row when (old.expires_at is distinct from new.expires_at) execute function session_epoch_bump();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists session_expiry_moved on session;`);
    this.addSql(`drop trigger if exists session_ended on session;`);
    this.addSql(`drop function if exists session_epoch_bump();`);
    this.addSql(`drop table if exists session_epoch;`);
  }
}
