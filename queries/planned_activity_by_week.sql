-- Planned ahead: activities still planned for the four weeks after the as-of date
-- (as_of + 1 .. as_of + 28 days), one row per seller and week that has any, by type.
-- Planned activities dated on or before as_of were never done and are not counted.
-- Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($as_of as date) as as_of
),

planned as (
    select
        a.seller_id,
        s.name as seller,
        s.team,
        cast(date_trunc('week', a.date) as date) as week,
        a.type
    from activities as a
    inner join sellers as s on s.seller_id = a.seller_id
    cross join bounds as b
    where
        a.status = 'planned'
        and a.date > b.as_of
        and a.date <= b.as_of + 28
        and ($teams is null or list_contains($teams, s.team))
        and ($seller_id is null or s.seller_id = $seller_id)
)

select
    week,
    seller_id,
    seller,
    team,
    count(*) filter (where type = 'meeting') as meetings,
    count(*) filter (where type = 'call') as calls,
    count(*) filter (where type = 'email') as emails,
    count(*) filter (where type = 'other') as other_activities
from planned
group by week, seller_id, seller, team
order by week, team, seller, seller_id
