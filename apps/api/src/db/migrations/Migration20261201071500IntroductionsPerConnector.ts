import { Migration } from '@mikro-orm/migrations';

/**
 * Another connector's open introduction for a pair no longer blocks a new
 * one (a refusal must not reveal what the proposer may not see): at most one
 * open introduction per pair *per connector*. When one connects, the others
 * for that pair close with ALREADY_CONNECTED (introductions/LIFECYCLE.md).
 */
export class Migration20261201071500IntroductionsPerConnector extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index introduction_one_pending_per_pair;`);
    this.addSql(`
      create unique index introduction_one_pending_per_connector_pair on introduction
        (connector_id, least(person_a_id, person_b_id), greatest(person_a_id, person_b_id)) where status = 'PENDING';`);
    // Closing the others when one connects looks them up by pair, whoever made them.
    this.addSql(`
      create index introduction_pending_pair_idx on introduction
        (least(person_a_id, person_b_id), greatest(person_a_id, person_b_id)) where status = 'PENDING';`);
    this.addSql(`alter table introduction drop constraint introduction_close_reason_check;`);
    this.addSql(`
      alter table introduction add constraint introduction_close_reason_check
        check (close_reason in ('DECLINED', 'WITHDRAWN', 'EXPIRED', 'ALREADY_CONNECTED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`update introduction set close_reason = 'WITHDRAWN' where close_reason = 'ALREADY_CONNECTED';`);
    this.addSql(`alter table introduction drop constraint introduction_close_reason_check;`);
    this.addSql(`
      alter table introduction add constraint introduction_close_reason_check
        check (close_reason in ('DECLINED', 'WITHDRAWN', 'EXPIRED'));`);
    this.addSql(`drop index introduction_pending_pair_idx;`);
    this.addSql(`drop index introduction_one_pending_per_connector_pair;`);
    // Only one open introduction per pair may remain before the old index returns: keep the oldest.
    this.addSql(`
      update introduction i set status = 'CLOSED', close_reason = 'WITHDRAWN', closed_at = now()
        where status = 'PENDING' and exists (
          select 1 from introduction o where o.status = 'PENDING' and o.id < i.id
             and least(o.person_a_id, o.person_b_id) = least(i.person_a_id, i.person_b_id)
             and greatest(o.person_a_id, o.person_b_id) = greatest(i.person_a_id, i.person_b_id));`);
    this.addSql(`
      create unique index introduction_one_pending_per_pair on introduction
        (least(person_a_id, person_b_id), greatest(person_a_id, person_b_id)) where status = 'PENDING';`);
  }
}
