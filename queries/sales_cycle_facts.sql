-- Model: the facts of the sales cycle, one row per seller of $teams (every team when null), with
-- zeros when nothing closed: the offers won and lost in [$date_from, $date_to] (by closed date)
-- and the days from sending to closing summed over each. queries/sales_cycle_by_grain.sql sums
-- them per team and for all teams.
with
chosen_sellers as (
    select s.seller_id, s.name, s.team, s.manager, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

closed as (
    select
        o.seller_id,
        count(case when o.status = 'won' then 1 end) as offers_won,
        count(case when o.status = 'lost' then 1 end) as offers_lost,
        sum(case when o.status = 'won' then date_diff('day', o.sent_date, o.closed_date) end) as won_cycle_days,
        sum(case when o.status = 'lost' then date_diff('day', o.sent_date, o.closed_date) end) as lost_cycle_days
    from offers as o
    semi join chosen_sellers as s on s.seller_id = o.seller_id
    where o.status in ('won', 'lost') and o.closed_date between cast($date_from as date) and cast($date_to as date)
    group by o.seller_id
)

select
    s.seller_id,
    s.name as seller,
    s.team,
    s.manager,
    s.active,
    coalesce(c.offers_won, 0) as offers_won,
    coalesce(c.offers_lost, 0) as offers_lost,
    coalesce(c.won_cycle_days, 0) as won_cycle_days,
    coalesce(c.lost_cycle_days, 0) as lost_cycle_days
from chosen_sellers as s
left join closed as c on c.seller_id = s.seller_id
