import { Migration } from '@mikro-orm/migrations';

/**
 * Secrets the API keeps in its database when they are not configured: for
 * now the key of global ids and cursors, made by the first instance to boot
 * without ID_SECRET (graphql/global-ids.ts), so every instance on this
 * database agrees and ids survive restarts.
 */
export class Migration20261203000000ServerSecret extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table server_secret (
        name text primary key,
        value bytea not null,
        created_at timestamptz not null default now()
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table server_secret;`);
  }
}
