import { Migration } from '@mikro-orm/migrations';
import { RIPPLE_GROW as PREVIOUS_RIPPLE_GROW } from './Migration20261213000000RippleGrowGenericPlans.js';

/**
 * The ripple-figures trigger, cheaper for an event that is its cause's
 * first effect: a share's first mention, the first reshare or follow of a
 * share, the first thanks. Until now the cause's figures row was inserted as a lone event
 * (size 1), its people inserted, the row locked, this event's people
 * upserted into it and the row updated (a second version, and new entries
 * in both its indexes, since `size` is indexed). Measured under 32
 * concurrent sharers that was 0.3 of the 1 ms of PostgreSQL time a share
 * costs, most of it the same row written twice.
 *
 * Now the cause's row is inserted already holding both events (the
 * two-event ripple's figures are known: size 2, height 1, one level of one,
 * one pair at distance one), with its people counted from both; the rest
 * of the path is grown as before. When the cause was a lone root (k = 1),
 * which is the usual share, nothing else is written. A cause that already
 * has effects takes the old path unchanged. The figures are still tested
 * against `ripple_rebuild` on random trees (ripple-figures.test.ts).
 *
 * The body is now the trigger function itself (`ripple_grow_trigger`), not
 * `ripple_grow(e event)` called with the row: one statement (`perform
 * ripple_grow(new)`) and one function call fewer on every append.
 */
export class Migration20261215000000RippleFirstEffect extends Migration {
  override async up(): Promise<void> {
    this.addSql(RIPPLE_GROW);
  }

  override async down(): Promise<void> {
    this.addSql(PREVIOUS_RIPPLE_GROW);
    this.addSql(PREVIOUS_TRIGGER);
  }
}

export const RIPPLE_GROW = `
create or replace function ripple_grow_trigger() returns trigger language plpgsql
  set plan_cache_mode = force_generic_plan as $$
declare
  e constant event := new;
  k constant int := cardinality(e.path);
  -- The ancestors still to grow: all of them, or all but the cause when its row starts here.
  rest bigint[];
  fresh boolean;
  private_cause boolean;
  gained bigint[];
  followed_in bigint[];
begin
  -- The cause may have been a lone event until now: then this is its first effect, and its
  -- row starts with both. A concurrent first effect waits on this insert and finds the row.
  -- The same statement says whether the cause is private (then nothing is written: see below).
  with cause as (
    insert into ripple_figures (event_id, root_id, is_public, size, height, level_sizes, people_reached,
                                new_connections, new_follows, depth_sum, distance_sum, started_at,
                                first_effect_at, last_event_at)
    select c.id, c.root_id, c.visibility = 'public', 2, 1, '{1,1}',
           (select count(distinct p) from unnest(array[c.actor_id, c.subject_person_id, c.subject_person2_id,
                                                       e.actor_id, e.subject_person_id, e.subject_person2_id]) p),
           (c.kind = 'CONNECTED')::int + (e.kind = 'CONNECTED')::int,
           -- A follow counts once per person in a ripple: not again if the cause was that person's follow.
           (c.kind = 'FOLLOWED')::int + (e.kind = 'FOLLOWED' and not (c.kind = 'FOLLOWED' and c.actor_id = e.actor_id))::int,
           1, 1, c.created_at, e.created_at, greatest(c.created_at, e.created_at)
      from event c where c.id = e.cause_id and c.visibility = 'public'
    on conflict (event_id) do nothing
    returning event_id
  ), people as (
    -- The cause's people (joined with it) and this event's (joined with it unless already in),
    -- each counting the events of the two they are in.
    insert into ripple_person (event_id, person_id, joined_event_id, joined_slot, event_count, followed)
    select cause.event_id, x.person, (array_agg(x.joined order by x.step, x.slot))[1],
           (array_agg(x.slot order by x.step, x.slot))[1], count(distinct x.step), bool_or(x.follows)
      from cause, (
        select 0 as step, c.id as joined, p.person, p.slot - 1 as slot, c.kind = 'FOLLOWED' and p.slot = 1 as follows
          from event c, unnest(array[c.actor_id, c.subject_person_id, c.subject_person2_id]) with ordinality p(person, slot)
         where c.id = e.cause_id
        union all
        select 1, e.id, p.person, p.slot - 1, e.kind = 'FOLLOWED' and p.slot = 1
          from unnest(array[e.actor_id, e.subject_person_id, e.subject_person2_id]) with ordinality p(person, slot)
      ) x
     where x.person is not null
     group by cause.event_id, x.person
  )
  select exists (select 1 from cause), exists (select 1 from event c where c.id = e.cause_id and c.visibility <> 'public')
    into fresh, private_cause;

  -- A ripple is public: a private event (an ask, a decline) may end one but never continue it,
  -- so every ancestor of a public event is public and the figures below count only what all may see.
  if private_cause then
    raise exception 'a public event cannot be caused by a private one (event %)', e.cause_id
      using errcode = 'check_violation';
  end if;

  rest := case when fresh then e.path[1:k - 1] else e.path end;

  if k >= 2 then
    insert into ripple_descendant (ancestor_id, event_id) select unnest(e.path[2:k]), e.id;
  end if;

  if cardinality(rest) = 0 then
    return null; -- a lone root's first effect: its row, written above, is all there is
  end if;

  perform 1 from ripple_figures where event_id = any(rest) order by event_id for update;

  with people as (
    select distinct on (p.person) p.person, p.slot - 1 as slot
      from unnest(array[e.actor_id, e.subject_person_id, e.subject_person2_id]) with ordinality p(person, slot)
     where p.person is not null
     order by p.person, p.slot
  ), touched as (
    insert into ripple_person as rp (event_id, person_id, joined_event_id, joined_slot, event_count, followed)
    select a, people.person, e.id, people.slot, 1, false from unnest(rest) a, people
    on conflict (event_id, person_id) do update set event_count = rp.event_count + 1
    returning rp.event_id, (xmax = 0) as inserted
  )
  select coalesce(array_agg(event_id) filter (where inserted), '{}') into gained from touched;

  followed_in := '{}';
  if e.kind = 'FOLLOWED' then
    with newly as (
      update ripple_person set followed = true
       where event_id = any(rest) and person_id = e.actor_id and not followed
      returning event_id
    )
    select coalesce(array_agg(event_id), '{}') into followed_in from newly;
  end if;

  -- Every read of the ancestors' rows is an index probe by \`= any(e.path)\`, which the
  -- cached generic plan keeps whatever the path's length. A cause whose row started
  -- above counts as it was before this event (a lone event, size 1) for the others' sums.
  with ancestor as (
    select a.id, a.ord, case when fresh and f.event_id = e.cause_id then 1 else f.size end as size
      from ripple_figures f join unnest(e.path) with ordinality a(id, ord) on a.id = f.event_id
     where f.event_id = any(e.path)
  ), step as (
    select id, (k - ord + 1)::int as hops,
           (k - ord) * size - 2 * coalesce(sum(size) over (order by ord desc rows between unbounded preceding and 1 preceding), 0)
             as between_sum
      from ancestor
  )
  update ripple_figures f set
    size = f.size + 1,
    height = greatest(f.height, step.hops),
    level_sizes[step.hops + 1] = coalesce(f.level_sizes[step.hops + 1], 0) + 1,
    depth_sum = f.depth_sum + step.hops,
    distance_sum = f.distance_sum + f.depth_sum + f.size + step.between_sum,
    people_reached = f.people_reached + coalesce(cardinality(array_positions(gained, f.event_id)), 0),
    new_follows = f.new_follows + coalesce(cardinality(array_positions(followed_in, f.event_id)), 0),
    new_connections = f.new_connections + (e.kind = 'CONNECTED')::int,
    first_effect_at = case when step.hops = 1 then least(coalesce(f.first_effect_at, e.created_at), e.created_at)
                           else f.first_effect_at end,
    last_event_at = greatest(f.last_event_at, e.created_at)
  from step where f.event_id = step.id and f.event_id = any(rest);
  return null;
end $$;

drop function ripple_grow(event);
`;

/** The trigger as it was: a call of `ripple_grow(new)`. */
const PREVIOUS_TRIGGER = `
create or replace function ripple_grow_trigger() returns trigger language plpgsql as $$
begin
  perform ripple_grow(new);
  return null;
end $$;
`;
