-- Where each seller's coaching stands on $as_of (README, "The coaching loop"): one row per
-- seller of $teams (null: every team).
-- - the last 1:1 (the latest note held on or before $as_of, private or not: that a 1:1 was held
--   is no secret), the seller's cadence (their own, else $default_cadence days), the next 1:1
--   due (the last one + the cadence; never coached: due now, on $as_of), and whether it is
--   overdue (never coached, or the next one was due before $as_of);
-- - per owner of the actions agreed in 1:1s held by $as_of (seller, manager): open on $as_of
--   (not done, or done after it), overdue (open and due before $as_of), and follow-through: of
--   the actions due in the $window_days days up to $as_of, (as_of - window_days, as_of], the
--   share done on or before their due date (empty when none was due).
-- The verdicts of metric-tied actions (actions_met, actions_missed) are counted in Python from
-- the scorecard (salescoach/coaching_loop.py).
with
bounds as (
    select cast($as_of as date) as as_of, cast($as_of as date) - cast($window_days as integer) as window_start
),

chosen_sellers as (
    select s.seller_id, s.name as seller, s.team, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

last_notes as (
    select n.seller_id, max(n.held_on) as last_one_on_one
    from {{ coaching('notes') }} as n, bounds as b
    where n.held_on <= b.as_of
    group by n.seller_id
),

agreed as (
    select
        a.seller_id,
        a.owner,
        a.done_on is null or a.done_on > b.as_of as open_then,
        a.due_date < b.as_of as due_before,
        a.due_date > b.window_start and a.due_date <= b.as_of as due_in_window,
        a.done_on is not null and a.done_on <= a.due_date as done_in_time
    from {{ coaching('actions') }} as a, bounds as b
    where a.held_on <= b.as_of
),

action_counts as (
    select
        g.seller_id,
        count(*) filter (where g.owner = 'seller' and g.open_then) as open_actions_seller,
        count(*) filter (where g.owner = 'manager' and g.open_then) as open_actions_manager,
        count(*) filter (where g.owner = 'seller' and g.open_then and g.due_before) as overdue_actions_seller,
        count(*) filter (where g.owner = 'manager' and g.open_then and g.due_before) as overdue_actions_manager,
        count(*) filter (where g.owner = 'seller' and g.due_in_window) as due_seller,
        count(*) filter (where g.owner = 'manager' and g.due_in_window) as due_manager,
        count(*) filter (where g.owner = 'seller' and g.due_in_window and g.done_in_time) as in_time_seller,
        count(*) filter (where g.owner = 'manager' and g.due_in_window and g.done_in_time) as in_time_manager
    from agreed as g
    group by g.seller_id
),

cadences as (
    select c.seller_id, c.cadence_days
    from {{ coaching('cadences') }} as c
),

joined as (
    select
        s.seller_id,
        s.seller,
        s.team,
        s.active,
        n.last_one_on_one,
        cast(coalesce(c.cadence_days, $default_cadence) as bigint) as cadence_days,
        c.cadence_days is not null as own_cadence,
        coalesce(cast(n.last_one_on_one + cast(coalesce(c.cadence_days, $default_cadence) as integer) as date), b.as_of)
            as next_one_on_one_due,
        b.as_of,
        a.*
    from chosen_sellers as s
    cross join bounds as b
    left join last_notes as n on n.seller_id = s.seller_id
    left join cadences as c on c.seller_id = s.seller_id
    left join action_counts as a on a.seller_id = s.seller_id
)

select
    j.seller_id,
    j.seller,
    j.last_one_on_one,
    j.cadence_days,
    j.next_one_on_one_due,
    j.last_one_on_one is null or j.next_one_on_one_due < j.as_of as one_on_one_overdue,
    cast(coalesce(j.open_actions_seller, 0) as bigint) as open_actions_seller,
    cast(coalesce(j.open_actions_manager, 0) as bigint) as open_actions_manager,
    cast(coalesce(j.overdue_actions_seller, 0) as bigint) as overdue_actions_seller,
    cast(coalesce(j.overdue_actions_manager, 0) as bigint) as overdue_actions_manager,
    j.in_time_seller / nullif(j.due_seller, 0) as follow_through_seller,
    j.in_time_manager / nullif(j.due_manager, 0) as follow_through_manager,
    j.team,
    j.active,
    j.own_cadence
from joined as j
order by j.team, j.seller, j.seller_id
