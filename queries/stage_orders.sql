-- Base relation: the open stages of the sales process and their places (stage_order), one row per
-- stage. The stages are the offers' stage names with a stage_order (its lowest where offers
-- disagree); the open ones are those an open offer has today or an offer moved on from (a stage
-- change's old value), so "Closed won" and "Closed lost" are not. An open stage no offer has
-- today goes just before the earliest open stage offers moved on to from it (below).
-- Materialised as the table stage_orders (queries/refresh_rollups.sql): it reads the whole
-- history, once per import instead of once per page. Read as ref('stage_orders') by
-- queries/stage_facts.sql.
with
known_orders as (
    select o.stage, min(o.stage_order) as stage_order
    from offers as o
    where o.stage is not null and o.stage_order is not null
    group by o.stage
),

open_names as (
    select o.stage from offers as o where o.status = 'open' and o.stage is not null
    union
    select h.old_value from offer_history as h where h.field = 'stage' and h.old_value is not null
),

-- An open stage no offer has today (so no stage_order says where it is) goes just before the
-- earliest open stage offers moved on to from it: half a place before a stage with an order, a
-- quarter before a stage placed so, an eighth before one placed so in turn (three such stages
-- in a row at most; a fourth stays unplaced and counts nowhere).
moves as (
    select distinct h.old_value as stage, h.new_value as next_stage
    from offer_history as h
    where
        h.field = 'stage'
        and h.old_value is not null
        and h.old_value not in (select k.stage from known_orders as k)
        and h.new_value in (select n.stage from open_names as n)
),

placed_1 as (
    select m.stage, min(k.stage_order) - 0.5 as stage_order
    from moves as m inner join known_orders as k on k.stage = m.next_stage
    group by m.stage
),

placed_2 as (
    select m.stage, min(p.stage_order) - 0.25 as stage_order
    from moves as m inner join placed_1 as p on p.stage = m.next_stage
    where m.stage not in (select p1.stage from placed_1 as p1)
    group by m.stage
),

placed_3 as (
    select m.stage, min(p.stage_order) - 0.125 as stage_order
    from moves as m inner join placed_2 as p on p.stage = m.next_stage
    where m.stage not in (select p1.stage from placed_1 as p1 union select p2.stage from placed_2 as p2)
    group by m.stage
),

open_stages as (
    select k.stage, k.stage_order from known_orders as k where k.stage in (select n.stage from open_names as n)
    union all
    select p.stage, p.stage_order from placed_1 as p
    union all
    select p.stage, p.stage_order from placed_2 as p
    union all
    select p.stage, p.stage_order from placed_3 as p
)

select o.stage, o.stage_order
from open_stages as o
