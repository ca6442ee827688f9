-- The team review's agreed actions: the open actions of the non-private 1:1 notes of the
-- sellers of $teams (a list of team names, null = every team), overdue when due before $as_of;
-- by team, seller, due date (none last).
with
shared_actions as (
    select
        a.action_id,
        a.seller_id,
        a.held_on,
        a.owner,
        a.description,
        a.due_date
    from {{ coaching('shared_open_actions') }} as a
)

select
    a.action_id,
    a.seller_id,
    s.name as seller,
    s.team,
    a.owner,
    a.description,
    cast(a.due_date as date) as due_date,
    cast(a.held_on as date) as held_on,
    coalesce(cast(a.due_date as date) < cast($as_of as date), false) as overdue
from shared_actions as a
inner join sellers as s on s.seller_id = a.seller_id
where $teams is null or list_contains($teams, s.team)
order by s.team, s.name, a.seller_id, a.due_date nulls last, a.action_id
