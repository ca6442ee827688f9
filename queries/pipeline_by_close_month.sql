-- The open pipeline as it stood on the as-of date, by expected close month: offers sent on
-- or before as_of and not closed by then (same rule as open_pipeline in seller_scorecard.sql).
-- close_month is the first day of the month, null for offers without an expected close date;
-- overdue = expected close date before as_of. Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($as_of as date) as as_of
),

open_offers as (
    select
        cast(date_trunc('month', o.expected_close_date) as date) as close_month,
        o.expected_close_date < b.as_of as overdue,
        o.value
    from offers as o
    inner join sellers as s on s.seller_id = o.seller_id
    cross join bounds as b
    where
        o.sent_date <= b.as_of
        and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of)
        and ($teams is null or list_contains($teams, s.team))
        and ($seller_id is null or s.seller_id = $seller_id)
)

select
    close_month,
    count(*) as open_offers,
    sum(value) as open_pipeline,
    coalesce(sum(value) filter (where overdue), 0) as overdue_value,
    coalesce(sum(value) filter (where not coalesce(overdue, false)), 0) as upcoming_value
from open_offers
group by close_month
order by close_month nulls last
