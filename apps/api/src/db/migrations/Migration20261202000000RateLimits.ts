import { Migration } from '@mikro-orm/migrations';

/**
 * Rate-limit budgets shared by every API instance (RATE_LIMIT_STORE=postgres),
 * in the shape rate-limiter-flexible's RateLimiterPostgres reads and writes:
 * `key` is the budget's name and a hash of what it counts, `points` the uses
 * in the window, `expire` its end in epoch milliseconds. Made here rather
 * than by the library at boot, so it exists before any instance serves.
 */
export class Migration20261202000000RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table rate_limit (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );`);
    this.addSql(`create index rate_limit_expire_idx on rate_limit (expire);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists rate_limit;`);
  }
}
