-- One seller's month-by-month trend against their team, for the 12 months up to $as_of:
-- one row per month with the seller's value and the team's median and middle half
-- (25th-75th percentile) of each key metric. The last month ends on $as_of.
--
-- Each month is read like seller_scorecard.sql with date_from = the month's first day and
-- date_to = as_of = its last day (or $as_of): meetings held, offers sent, hit rate of the
-- offers decided in the month, sales against the month's target (prorated in a partial
-- month), and the pipeline coverage of the month-end's quarter against the coverage the
-- seller's 12-month value hit rate requires (tests/test_seller_queries.py checks that
-- every month equals the scorecard).
-- The team figures count the sellers of the seller's team who did any work in the month,
-- so a seller who left or has not started yet does not drag the median to zero.
with
bounds as (
    select
        cast($as_of as date) as as_of,
        cast(date_trunc('month', cast($as_of as date)) - interval 11 month as date) as first_month
),

months as (
    select
        cast(g.month as date) as month,
        least(last_day(cast(g.month as date)), b.as_of) as month_end
    from bounds as b
    cross join unnest(generate_series(b.first_month, b.as_of, interval 1 month)) as g(month)
),

periods as (
    select
        m.month,
        m.month_end,
        cast(date_trunc('quarter', m.month_end) as date) as quarter_start,
        cast(date_trunc('quarter', m.month_end) + interval 3 month - interval 1 day as date) as quarter_end,
        cast(m.month_end - interval 12 month as date) as year_before
    from months as m
),

team_sellers as (
    select s.seller_id
    from sellers as s
    where s.team = (select f.team from sellers as f where f.seller_id = $seller_id)
),

grid as (
    select ts.seller_id, p.*
    from team_sellers as ts
    cross join periods as p
),

activity_by_month as (
    -- done activities, from the rollup of activities per seller and day (queries/refresh_rollups.sql)
    select
        g.seller_id,
        g.month,
        cast(sum(a.activities) as bigint) as activities,
        cast(sum(a.meetings) as bigint) as meetings
    from grid as g
    inner join activity_by_seller_day as a
        on a.seller_id = g.seller_id and a.date between g.month and g.month_end
    group by g.seller_id, g.month
),

offers_by_month as (
    select
        g.seller_id,
        g.month,
        count(*) filter (where o.sent_date between g.month and g.month_end) as offers_sent,
        count(*) filter (where o.status = 'won' and o.closed_date between g.month and g.month_end)
            as offers_won,
        count(*) filter (where o.status = 'lost' and o.closed_date between g.month and g.month_end)
            as offers_lost,
        coalesce(sum(o.value) filter (
            where o.sent_date <= g.month_end
            and (o.status = 'open' or o.closed_date is null or o.closed_date > g.month_end)
            and o.expected_close_date between g.month_end and g.quarter_end
        ), 0) as quarter_pipeline,
        coalesce(sum(o.value) filter (
            where o.status = 'won' and o.closed_date > g.year_before and o.closed_date <= g.month_end
        ), 0) as won_value_12m,
        coalesce(sum(o.value) filter (
            where o.status = 'lost' and o.closed_date > g.year_before and o.closed_date <= g.month_end
        ), 0) as lost_value_12m
    from grid as g
    inner join offers as o on o.seller_id = g.seller_id
    group by g.seller_id, g.month
),

deals_by_month as (
    select
        g.seller_id,
        g.month,
        coalesce(sum(d.sales) filter (where d.close_date between g.month and g.month_end), 0) as sales,
        coalesce(sum(d.sales) filter (where d.close_date between g.quarter_start and g.month_end), 0)
            as quarter_sales
    from grid as g
    inner join sales_by_seller_day as d on d.seller_id = g.seller_id
    group by g.seller_id, g.month
),

targets_by_month as (
    -- The month's target counts by the share of its days up to the month's end (as in the scorecard).
    select
        g.seller_id,
        g.month,
        sum(t.sales_target * (date_diff('day', g.month, g.month_end) + 1) / day(last_day(g.month)))
            filter (where t.month = g.month) as sales_target,
        sum(t.sales_target) filter (where t.month between g.quarter_start and g.quarter_end) as quarter_target
    from grid as g
    inner join targets as t on t.seller_id = g.seller_id
    group by g.seller_id, g.month
),

per_seller_month as (
    select
        g.seller_id,
        g.month,
        coalesce(a.activities, 0) > 0 as working,
        coalesce(a.meetings, 0) as meetings,
        coalesce(o.offers_sent, 0) as offers_sent,
        coalesce(o.offers_won, 0) / nullif(coalesce(o.offers_won, 0) + coalesce(o.offers_lost, 0), 0)
            as hit_rate,
        coalesce(d.sales, 0) as sales,
        t.sales_target,
        coalesce(d.sales, 0) / nullif(t.sales_target, 0) as sales_vs_target,
        coalesce(o.quarter_pipeline, 0) as quarter_pipeline,
        t.quarter_target - coalesce(d.quarter_sales, 0) as quarter_remaining_target,
        coalesce(o.won_value_12m, 0) as won_value_12m,
        coalesce(o.lost_value_12m, 0) as lost_value_12m
    from grid as g
    left join activity_by_month as a on a.seller_id = g.seller_id and a.month = g.month
    left join offers_by_month as o on o.seller_id = g.seller_id and o.month = g.month
    left join deals_by_month as d on d.seller_id = g.seller_id and d.month = g.month
    left join targets_by_month as t on t.seller_id = g.seller_id and t.month = g.month
),

team_rates as (
    select
        month,
        sum(won_value_12m) / nullif(sum(won_value_12m) + sum(lost_value_12m), 0) as team_value_hit_rate_12m
    from per_seller_month
    group by month
),

with_coverage as (
    select
        p.*,
        case when p.quarter_remaining_target > 0 then p.quarter_pipeline / p.quarter_remaining_target end
            as pipeline_coverage,
        coalesce(
            1 / nullif(p.won_value_12m / nullif(p.won_value_12m + p.lost_value_12m, 0), 0),
            1 / nullif(tr.team_value_hit_rate_12m, 0),
            3.0
        ) as required_coverage
    from per_seller_month as p
    left join team_rates as tr on tr.month = p.month
),

team_spread as (
    select
        month,
        count(*) filter (where working) as team_sellers_working,
        quantile_cont(meetings, 0.5) filter (where working) as meetings_median,
        quantile_cont(meetings, 0.25) filter (where working) as meetings_p25,
        quantile_cont(meetings, 0.75) filter (where working) as meetings_p75,
        quantile_cont(offers_sent, 0.5) filter (where working) as offers_sent_median,
        quantile_cont(offers_sent, 0.25) filter (where working) as offers_sent_p25,
        quantile_cont(offers_sent, 0.75) filter (where working) as offers_sent_p75,
        quantile_cont(hit_rate, 0.5) filter (where working) as hit_rate_median,
        quantile_cont(hit_rate, 0.25) filter (where working) as hit_rate_p25,
        quantile_cont(hit_rate, 0.75) filter (where working) as hit_rate_p75,
        quantile_cont(sales, 0.5) filter (where working) as sales_median,
        quantile_cont(sales, 0.25) filter (where working) as sales_p25,
        quantile_cont(sales, 0.75) filter (where working) as sales_p75,
        quantile_cont(sales_vs_target, 0.5) filter (where working) as sales_vs_target_median,
        quantile_cont(sales_vs_target, 0.25) filter (where working) as sales_vs_target_p25,
        quantile_cont(sales_vs_target, 0.75) filter (where working) as sales_vs_target_p75,
        quantile_cont(pipeline_coverage, 0.5) filter (where working) as pipeline_coverage_median,
        quantile_cont(pipeline_coverage, 0.25) filter (where working) as pipeline_coverage_p25,
        quantile_cont(pipeline_coverage, 0.75) filter (where working) as pipeline_coverage_p75
    from with_coverage
    group by month
)

select
    c.month,
    c.working,
    c.meetings,
    c.offers_sent,
    c.hit_rate,
    c.sales,
    c.sales_target,
    c.sales_vs_target,
    c.pipeline_coverage,
    c.required_coverage,
    t.* exclude (month)
from with_coverage as c
inner join team_spread as t on t.month = c.month
where c.seller_id = $seller_id
order by c.month
