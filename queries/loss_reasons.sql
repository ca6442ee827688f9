-- Why offers were lost in the period [date_from, date_to] (by closing date): one row per
-- loss reason with the number and value of the offers lost, and each reason's share.
-- A lost offer without a reason counts as '(no reason given)'.
-- Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($date_from as date) as date_from, cast($date_to as date) as date_to
),

lost as (
    select
        coalesce(nullif(trim(o.loss_reason), ''), '(no reason given)') as loss_reason,
        o.value
    from offers as o
    inner join sellers as s on s.seller_id = o.seller_id
    cross join bounds as b
    where
        o.status = 'lost'
        and o.closed_date between b.date_from and b.date_to
        and ($teams is null or list_contains($teams, s.team))
        and ($seller_id is null or s.seller_id = $seller_id)
),

per_reason as (
    select loss_reason, count(*) as offers_lost, sum(value) as lost_value
    from lost
    group by loss_reason
)

select
    loss_reason,
    offers_lost,
    lost_value,
    offers_lost / sum(offers_lost) over () as share_of_lost_offers,
    lost_value / nullif(sum(lost_value) over (), 0) as share_of_lost_value
from per_reason
order by lost_value desc, offers_lost desc, loss_reason
