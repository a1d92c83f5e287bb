import { Migration } from '@mikro-orm/migrations';

/**
 * Ripples at scale (see ripples/FIGURES.md):
 *
 * - `event.path`: the ids of an event's ancestors, from its tree's root down
 *   to its cause (empty for a root). Copied from the cause on append, like
 *   root_id and depth, so an event's ripples are known without a walk.
 * - `ripple_descendant`: one row per (non-root ancestor, event), so the
 *   ripple of an event deep inside a tree is one index range scan, in id
 *   order, that never reads the rest of the tree. (A root's ripple is the
 *   range scan on (root_id, id) that already exists.)
 * - `ripple_figures` and `ripple_person`: the figures of the ripple of every
 *   event that has caused something, and who is in it, kept up to date by a
 *   trigger as public events are appended, so figures are one row read.
 */
export class Migration20261204000000RippleFigures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table event add column path bigint[] not null default '{}';`);
    // The event log is append-only by trigger; a migration filling a new column is the one allowed writer.
    this.addSql(`alter table event disable trigger event_append_only;`);
    this.addSql(`
      with recursive lineage (id, path) as (
        select id, '{}'::bigint[] from event where cause_id is null
        union all
        select e.id, lineage.path || e.cause_id from event e join lineage on e.cause_id = lineage.id
      )
      update event e set path = lineage.path from lineage where e.id = lineage.id and cardinality(lineage.path) > 0;`);
    this.addSql(`alter table event enable trigger event_append_only;`);
    this.addSql(`
      alter table event
        add constraint event_path_depth check (cardinality(path) = depth),
        add constraint event_path_root check (root_id = coalesce(path[1], id));`);

    this.addSql(`
      create table ripple_descendant (
        ancestor_id bigint not null,
        event_id bigint not null,
        primary key (ancestor_id, event_id)
      );`);

    this.addSql(`
      create table ripple_figures (
        event_id bigint primary key,
        root_id bigint not null,
        is_public boolean not null,
        size integer not null,
        height integer not null,
        level_sizes integer[] not null,
        people_reached integer not null,
        new_connections integer not null,
        new_follows integer not null,
        -- Σ hops from the start over all events, and Σ of the distances between all pairs
        -- (the Wiener index), kept exactly: structural virality is 2W / (n(n-1)).
        depth_sum bigint not null,
        distance_sum bigint not null,
        started_at timestamptz not null,
        first_effect_at timestamptz,
        last_event_at timestamptz not null,
        structural_virality double precision generated always as (
          case when size < 2 then 0 else 2.0 * distance_sum / (size::float8 * (size - 1)) end) stored
      );`);
    // Size-matched comparison of whole public ripples reads one slice of this index.
    this.addSql(`
      create index ripple_figures_whole_size_idx on ripple_figures (size, structural_virality)
        where event_id = root_id and is_public;`);

    this.addSql(`
      create table ripple_person (
        event_id bigint not null,
        person_id bigint not null,
        -- where they joined this ripple: the event, and their place in it (0 actor, 1 subject, 2 second subject)
        joined_event_id bigint not null,
        joined_slot smallint not null,
        event_count integer not null,
        followed boolean not null,
        primary key (event_id, person_id)
      );`);
    this.addSql(`create index ripple_person_order_idx on ripple_person (event_id, joined_event_id, joined_slot);`);

    this.addSql(RIPPLE_FUNCTIONS);
    this.addSql(`
      create trigger event_ripple_grow after insert on event
      for each row when (new.cause_id is not null and new.visibility = 'public')
      execute function ripple_grow_trigger();`);
    // Existing events: what the trigger would have built, set-based, for every tree.
    this.addSql(`select ripple_rebuild(array(select id from event where cause_id is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists event_ripple_grow on event;`);
    this.addSql(`drop function if exists ripple_grow_trigger(), ripple_grow(event), ripple_rebuild(bigint[]);`);
    this.addSql(`drop table if exists ripple_person, ripple_figures, ripple_descendant;`);
    this.addSql(`alter table event drop constraint if exists event_path_depth, drop constraint if exists event_path_root;`);
    this.addSql(`alter table event drop column if exists path;`);
  }
}

/**
 * Adds one public event with a cause to the figures of every ripple it
 * joins: the ripple of each of its ancestors. O(depth) rows per event.
 *
 * The ancestors' rows are locked root first (ancestor ids ascend down the
 * path), so concurrent appends in one tree queue on its root's row and
 * never deadlock; appends in different trees never meet.
 *
 * Structural virality: W = Σ over non-root nodes of s·(n−s) (s: the node's
 * subtree size) is the sum of all pairwise distances. Adding a leaf x under
 * v, for an ancestor a with n events, D = Σ hops from a, and path nodes u
 * strictly between a and x with subtree sizes s_u:
 *   ΔW = D + n + Σ_u (n − 2·s_u),   ΔD = hops(a → x)
 * (edges on the path gain one node below them, the others one above, and
 * the new edge separates x from the n others). s_u is u's own ripple size.
 */
const RIPPLE_FUNCTIONS = `
create function ripple_grow(e event) returns void language plpgsql as $$
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

  with ancestor as (
    select a.id, a.ord, f.size
      from unnest(e.path) with ordinality a(id, ord) join ripple_figures f on f.event_id = a.id
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
  from step where f.event_id = step.id;
end $$;

-- The same figures from scratch, set-based, for whole trees: what the
-- trigger would have built one event at a time. For bulk writes (the
-- synthetic seeder turns the trigger off and calls this once), the
-- migration's backfill, and as the reference the trigger is tested against.
create function ripple_rebuild(roots bigint[]) returns void language plpgsql as $$
begin
  delete from ripple_descendant d using event e where e.id = d.event_id and e.root_id = any(roots);
  delete from ripple_person p using event e where e.id = p.event_id and e.root_id = any(roots);
  delete from ripple_figures where root_id = any(roots);

  create temporary table ripple_member on commit drop as
    select a.ancestor, e.id as event_id, e.depth - (a.ord::int - 1) as hops, e.kind, e.actor_id, e.subject_person_id,
           e.subject_person2_id, e.created_at
      from event e, unnest(e.path || e.id) with ordinality a(ancestor, ord)
     where e.root_id = any(roots) and e.visibility = 'public'
       -- a public event under a private one cannot be written (the trigger refuses it); never count one
       and (e.cause_id is null or not exists (select 1 from unnest(e.path) p join event x on x.id = p where x.visibility <> 'public'));
  create index on ripple_member (ancestor);
  analyze ripple_member;

  insert into ripple_descendant (ancestor_id, event_id)
  select m.ancestor, m.event_id from ripple_member m join event a on a.id = m.ancestor
   where m.hops > 0 and a.cause_id is not null;

  insert into ripple_figures (event_id, root_id, is_public, size, height, level_sizes, people_reached, new_connections,
                              new_follows, depth_sum, distance_sum, started_at, first_effect_at, last_event_at)
  with sizes as (
    select ancestor, count(*)::int as size, max(hops) as height, sum(hops) as depth_sum,
           count(*) filter (where kind = 'CONNECTED')::int as new_connections,
           count(distinct actor_id) filter (where kind = 'FOLLOWED')::int as new_follows,
           min(created_at) filter (where hops = 1) as first_effect_at, max(created_at) as last_event_at
      from ripple_member group by ancestor having count(*) > 1
  ), levels as (
    select ancestor, array_agg(n order by hops) as level_sizes
      from (select ancestor, hops, count(*)::int as n from ripple_member group by ancestor, hops) l group by ancestor
  ), reached as (
    select m.ancestor, count(distinct p)::int as people_reached
      from ripple_member m, unnest(array[m.actor_id, m.subject_person_id, m.subject_person2_id]) p
     where p is not null group by m.ancestor
  ), distances as (
    -- W = Σ over the members u below the start of s_u · (n − s_u), s_u being u's own ripple size.
    select m.ancestor, sum(coalesce(below.size, 1)::bigint * (s.size - coalesce(below.size, 1)))::bigint as distance_sum
      from ripple_member m join sizes s on s.ancestor = m.ancestor left join sizes below on below.ancestor = m.event_id
     where m.hops > 0 group by m.ancestor
  )
  select s.ancestor, a.root_id, a.visibility = 'public', s.size, s.height, l.level_sizes, r.people_reached, s.new_connections,
         s.new_follows, s.depth_sum, d.distance_sum, a.created_at, s.first_effect_at, s.last_event_at
    from sizes s join levels l using (ancestor) join reached r using (ancestor) join distances d using (ancestor)
         join event a on a.id = s.ancestor;

  insert into ripple_person (event_id, person_id, joined_event_id, joined_slot, event_count, followed)
  select ancestor, person, (min(array[event_id, slot]))[1], (min(array[event_id, slot]))[2], count(distinct event_id)::int,
         bool_or(kind = 'FOLLOWED' and slot = 0)
    from (select m.ancestor, m.event_id, m.kind, p.person, p.ord - 1 as slot
            from ripple_member m join ripple_figures f on f.event_id = m.ancestor,
                 unnest(array[m.actor_id, m.subject_person_id, m.subject_person2_id]) with ordinality p(person, ord)
           where p.person is not null) people
   group by ancestor, person;

  drop table ripple_member;
end $$;

create function ripple_grow_trigger() returns trigger language plpgsql as $$
begin
  perform ripple_grow(new);
  return null;
end $$;`;
