import { Migration } from '@mikro-orm/migrations';

/**
 * `ripple_grow` (the ripple-figures trigger's work, ripples/FIGURES.md)
 * runs for every public event with a cause, so for nearly every share.
 * Measured with pg_stat_statements under 32 concurrent sharers, PostgreSQL's
 * plan cache kept choosing custom plans for two of its statements (the
 * generic plan's guess for an array of unknown length looked dearer), so it
 * planned them again on every append: about 200 µs of the trigger's 600.
 *
 * Now the function always uses its cached generic plans, and the statement
 * that read the ancestors by joining `unnest(e.path)` reads them by
 * `= any(e.path)` as the others do, so its generic plan is an index probe
 * per ancestor (joined to the table as written, its generic plan scanned
 * `ripple_figures`). The figures it writes are unchanged: the trigger is
 * still tested against `ripple_rebuild` (ripple-figures.test.ts).
 */
export class Migration20261213000000RippleGrowGenericPlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(RIPPLE_GROW);
  }

  override async down(): Promise<void> {
    // Only the plan mode goes back: the body's reads give the same figures either way.
    this.addSql(`alter function ripple_grow(event) reset plan_cache_mode;`);
  }
}

/** As in Migration20261204000000RippleFigures, but for the reads described above. */
export const RIPPLE_GROW = `
create or replace function ripple_grow(e event) returns void language plpgsql
  set plan_cache_mode = force_generic_plan as $$
declare
  k constant int := cardinality(e.path);
  gained bigint[];
  followed_in bigint[];
begin
  -- A ripple is public: a private event (an ask, a decline) may end one but never continue it,
  -- so every ancestor of a public event is public and the figures below count only what all may see.
  if exists (select 1 from event c where c.id = e.cause_id and c.visibility <> 'public') then
    raise exception 'a public event cannot be caused by a private one (event %)', e.cause_id
      using errcode = 'check_violation';
  end if;

  -- The cause may have been a lone event until now: its ripple starts with itself.
  with cause as (
    insert into ripple_figures (event_id, root_id, is_public, size, height, level_sizes, people_reached,
                                new_connections, new_follows, depth_sum, distance_sum, started_at, last_event_at)
    select c.id, c.root_id, c.visibility = 'public', 1, 0, '{1}',
           (select count(distinct p) from unnest(array[c.actor_id, c.subject_person_id, c.subject_person2_id]) p),
           (c.kind = 'CONNECTED')::int, (c.kind = 'FOLLOWED')::int, 0, 0, c.created_at, c.created_at
      from event c where c.id = e.cause_id
    on conflict (event_id) do nothing
    returning event_id
  )
  insert into ripple_person (event_id, person_id, joined_event_id, joined_slot, event_count, followed)
  select distinct on (p.person) c.id, p.person, c.id, p.slot - 1, 1, c.kind = 'FOLLOWED' and p.slot = 1
    from cause join event c on c.id = cause.event_id,
         unnest(array[c.actor_id, c.subject_person_id, c.subject_person2_id]) with ordinality p(person, slot)
   where p.person is not null
   order by p.person, p.slot;

  perform 1 from ripple_figures where event_id = any(e.path) order by event_id for update;

  if k >= 2 then
    insert into ripple_descendant (ancestor_id, event_id) select unnest(e.path[2:k]), e.id;
  end if;

  with people as (
    select distinct on (p.person) p.person, p.slot - 1 as slot
      from unnest(array[e.actor_id, e.subject_person_id, e.subject_person2_id]) with ordinality p(person, slot)
     where p.person is not null
     order by p.person, p.slot
  ), touched as (
    insert into ripple_person as rp (event_id, person_id, joined_event_id, joined_slot, event_count, followed)
    select a, people.person, e.id, people.slot, 1, false from unnest(e.path) a, people
    on conflict (event_id, person_id) do update set event_count = rp.event_count + 1
    returning rp.event_id, (xmax = 0) as inserted
  )
  select coalesce(array_agg(event_id) filter (where inserted), '{}') into gained from touched;

  followed_in := '{}';
  if e.kind = 'FOLLOWED' then
    with newly as (
      update ripple_person set followed = true
       where event_id = any(e.path) and person_id = e.actor_id and not followed
      returning event_id
    )
    select coalesce(array_agg(event_id), '{}') into followed_in from newly;
  end if;

  -- Every read of the ancestors' rows is an index probe by \`= any(e.path)\`, which the
  -- cached generic plan keeps whatever the path's length.
  with ancestor as (
    select a.id, a.ord, f.size
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
  from step where f.event_id = step.id and f.event_id = any(e.path);
end $$;
`;
