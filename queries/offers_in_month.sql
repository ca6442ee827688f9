-- The offers behind one bar of the pipeline charts, as they stood on the as-of date:
--   $kind = 'open': open at as_of with an expected close date in $month ($month null = the
--                   offers without an expected close date) -- pipeline_by_close_month;
--   $kind = 'expected': open at as_of, expected to close in $month and not before as_of
--                   -- upcoming_value and expected_value;
--   $kind = 'overdue': open at as_of, expected to close in $month but before as_of
--                   -- overdue_value;
--   $kind = 'sent': sent in $month (on or before as_of)    -- pipeline built;
--   $kind = 'won':  won with a closing date in $month      -- pipeline closed.
-- $month is any day of the month. Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($as_of as date) as as_of, cast(date_trunc('month', cast($month as date)) as date) as month
),

offer_facts as (
    select
        o.*,
        s.name as seller,
        s.team,
        o.sent_date <= b.as_of
            and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of) as open_at_as_of,
        case
            when o.sent_date > b.as_of then 'not sent yet'
            when o.closed_date is null or o.closed_date > b.as_of then 'open'
            else o.status
        end as status_at_as_of
    from offers as o
    inner join sellers as s on s.seller_id = o.seller_id
    cross join bounds as b
    where ($teams is null or list_contains($teams, s.team)) and ($seller_id is null or s.seller_id = $seller_id)
)

select
    f.offer_id,
    f.seller_id,
    f.seller,
    f.team,
    c.name as customer,
    f.sent_date,
    f.expected_close_date,
    case when f.closed_date <= b.as_of then f.closed_date end as closed_date,
    f.status_at_as_of as status,
    f.value,
    f.probability
from offer_facts as f
cross join bounds as b
left join customers as c on c.customer_id = f.customer_id
where
    (
        $kind = 'open' and f.open_at_as_of
        and (
            (b.month is null and f.expected_close_date is null)
            or date_trunc('month', f.expected_close_date) = b.month
        )
    )
    or (
        $kind = 'expected' and f.open_at_as_of
        and f.expected_close_date >= b.as_of
        and date_trunc('month', f.expected_close_date) = b.month
    )
    or (
        $kind = 'overdue' and f.open_at_as_of
        and f.expected_close_date < b.as_of
        and date_trunc('month', f.expected_close_date) = b.month
    )
    or ($kind = 'sent' and f.sent_date <= b.as_of and date_trunc('month', f.sent_date) = b.month)
    or ($kind = 'won' and f.status = 'won' and f.closed_date <= b.as_of and date_trunc('month', f.closed_date) = b.month)
order by f.value desc, f.offer_id
