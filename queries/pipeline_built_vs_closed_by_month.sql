-- Pipeline built (offers sent) against pipeline closed (offers won, by closing date) per
-- month, as it stood on the as-of date, over the months from 12 before the as-of month
-- (or the period's first month, if earlier) to 2 after it: at least 15 months, so a
-- December rush and the thin January after it show side by side. For the as-of month and
-- later, expected_value is the open pipeline expected to close in the month (not yet overdue).
-- Every month appears, with zeros; no rows at all when the filtered sellers have no offer
-- sent, won or expected by as_of. Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select
        cast($as_of as date) as as_of,
        cast(date_trunc('month', cast($as_of as date)) as date) as as_of_month,
        cast(date_trunc('month', cast($date_from as date)) as date) as period_month
),

months as (
    select cast(m.month as date) as month
    from bounds as b
    cross join
        unnest(
            generate_series(
                least(b.period_month, b.as_of_month - interval 12 month),
                b.as_of_month + interval 2 month,
                interval 1 month
            )
        ) as m(month)
),

chosen_sellers as (
    select s.seller_id
    from sellers as s
    where ($teams is null or list_contains($teams, s.team)) and ($seller_id is null or s.seller_id = $seller_id)
),

sent as (
    -- offers sent and won per seller and day: the base relation queries/offer_flow_by_seller_day.sql
    select
        cast(date_trunc('month', f.day) as date) as month,
        cast(sum(f.offers_sent) as bigint) as offers_sent,
        sum(f.sent_value) as sent_value
    from {{ ref('offer_flow_by_seller_day') }} as f
    semi join chosen_sellers as s on s.seller_id = f.seller_id
    cross join bounds as b
    where f.offers_sent > 0 and f.day <= b.as_of
    group by month
),

won as (
    select
        cast(date_trunc('month', f.day) as date) as month,
        cast(sum(f.offers_won) as bigint) as offers_won,
        sum(f.won_value) as won_value
    from {{ ref('offer_flow_by_seller_day') }} as f
    semi join chosen_sellers as s on s.seller_id = f.seller_id
    cross join bounds as b
    where f.offers_won > 0 and f.day <= b.as_of
    group by month
),

expected as (
    select
        cast(date_trunc('month', o.expected_close_date) as date) as month,
        count(*) as expected_offers,
        sum(o.value) as expected_value
    from offers as o
    semi join chosen_sellers as s on s.seller_id = o.seller_id
    cross join bounds as b
    where
        o.sent_date <= b.as_of
        and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of)
        and o.expected_close_date >= b.as_of
    group by month
)

select
    m.month,
    coalesce(s.offers_sent, 0) as offers_sent,
    coalesce(s.sent_value, 0) as sent_value,
    coalesce(w.offers_won, 0) as offers_won,
    coalesce(w.won_value, 0) as won_value,
    coalesce(e.expected_offers, 0) as expected_offers,
    coalesce(e.expected_value, 0) as expected_value
from months as m
left join sent as s on s.month = m.month
left join won as w on w.month = m.month
left join expected as e on e.month = m.month
where exists (select 1 from sent union all select 1 from won union all select 1 from expected)
order by m.month
