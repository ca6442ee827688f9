-- One seller's numbers for the $window_days days up to each of several days ($days, a list),
-- with the pipeline as it stood on that day: the "at the 1:1" and "now" columns beside every
-- coaching note, in one query instead of a whole-team scorecard per note date.
-- Definitions as in queries/seller_scorecard.sql for the period [day - $window_days + 1, day]
-- and as-of = day (tests/test_seller_queries.py checks both on the hand-computed fixture).
-- An unknown seller gives no rows.
with
bounds as (
    select
        day,
        cast(day - cast($window_days as integer) + 1 as date) as date_from,
        cast(date_trunc('quarter', day) as date) as quarter_start,
        cast(date_trunc('quarter', day) + interval 3 month - interval 1 day as date) as quarter_end
    from (select distinct cast(unnest($days) as date) as day) as picked
),

seller as (
    select s.seller_id
    from sellers as s
    where s.seller_id = $seller_id
),

activity_counts as (
    select
        b.day,
        cast(sum(a.meetings) as bigint) as meetings
    from activity_by_seller_day as a
    inner join bounds as b on a.date between b.date_from and b.day
    where a.seller_id = $seller_id
    group by b.day
),

offer_facts as (
    select
        b.day,
        o.value,
        o.sent_date between b.date_from and b.day as sent_in_period,
        o.status = 'won' and o.closed_date between b.date_from and b.day as won_in_period,
        o.status = 'lost' and o.closed_date between b.date_from and b.day as lost_in_period,
        o.sent_date <= b.day
            and (o.status = 'open' or o.closed_date is null or o.closed_date > b.day) as open_at_day,
        o.expected_close_date < b.day as past_expected_close,
        o.expected_close_date between b.day and b.quarter_end as closes_this_quarter
    from offers as o
    cross join bounds as b
    where o.seller_id = $seller_id
),

offer_counts as (
    select
        day,
        count(*) filter (where sent_in_period) as offers_sent,
        count(*) filter (where won_in_period) as offers_won,
        count(*) filter (where lost_in_period) as offers_lost,
        coalesce(sum(value) filter (where open_at_day), 0) as open_pipeline,
        count(*) filter (where open_at_day and past_expected_close) as overdue_offers,
        coalesce(sum(value) filter (where open_at_day and closes_this_quarter), 0) as quarter_pipeline
    from offer_facts
    group by day
),

deal_sums as (
    select
        b.day,
        coalesce(sum(d.sales) filter (where d.close_date between b.date_from and b.day), 0) as sales,
        coalesce(sum(d.sales) filter (where d.close_date between b.quarter_start and b.day), 0)
            as quarter_sales
    from sales_by_seller_day as d
    cross join bounds as b
    where d.seller_id = $seller_id
    group by b.day
),

quarter_targets as (
    select
        b.day,
        sum(t.sales_target) as quarter_target
    from targets as t
    inner join bounds as b on t.month between b.quarter_start and b.quarter_end
    where t.seller_id = $seller_id
    group by b.day
),

per_day as (
    select
        b.day,
        s.seller_id,
        coalesce(a.meetings, 0) as meetings,
        coalesce(o.offers_sent, 0) as offers_sent,
        coalesce(o.offers_won, 0) as offers_won,
        coalesce(o.offers_lost, 0) as offers_lost,
        coalesce(d.sales, 0) as sales,
        coalesce(o.open_pipeline, 0) as open_pipeline,
        coalesce(o.overdue_offers, 0) as overdue_offers,
        t.quarter_target,
        coalesce(d.quarter_sales, 0) as quarter_sales,
        t.quarter_target - coalesce(d.quarter_sales, 0) as quarter_remaining_target,
        coalesce(o.quarter_pipeline, 0) as quarter_pipeline
    from bounds as b
    cross join seller as s
    left join activity_counts as a on a.day = b.day
    left join offer_counts as o on o.day = b.day
    left join deal_sums as d on d.day = b.day
    left join quarter_targets as t on t.day = b.day
)

select
    day,
    seller_id,
    meetings,
    offers_sent,
    offers_won,
    offers_lost,
    offers_won / nullif(offers_won + offers_lost, 0) as hit_rate,
    sales,
    open_pipeline,
    overdue_offers,
    quarter_target,
    quarter_sales,
    quarter_remaining_target,
    quarter_pipeline,
    case when quarter_remaining_target > 0 then quarter_pipeline / quarter_remaining_target end
        as pipeline_coverage
from per_day
order by day
