-- Model: the additive facts of the scorecard, one row per seller and period: every seller of
-- $teams (of every team when $teams is null) for each period of $periods, with zeros when
-- nothing happened and null targets when there are none. queries/measures.yaml lists the facts
-- (what each counts) and defines the measures over them; queries/seller_scorecard.sql sums
-- them per seller, team and all teams.
-- $periods is a list of {date_from, date_to, as_of}: the work and deals in [date_from, date_to]
-- and the pipeline as it stood on as_of (date_to when null); `period` is the period's place in
-- the list (1, 2, ...). "The quarter" is as_of's calendar quarter, "the next quarter" the one
-- after it (from its first to its last day).
-- Activities, deals and the offer flow are the day-grain base relations, read through ref():
-- the rollup tables when they are fresh, the same queries over the raw tables otherwise.
-- Conditional sums are written `sum(case when ... end)`, not `sum(...) filter (where ...)`:
-- several filtered aggregates in one group cost DuckDB about 5 ms more here (bench/README.md).
with
periods as (
    select
        p.period,
        p.date_from,
        p.date_to,
        p.as_of,
        cast(date_trunc('quarter', p.as_of) as date) as quarter_start,
        cast(date_trunc('quarter', p.as_of) + interval 3 month - interval 1 day as date) as quarter_end,
        cast(date_trunc('quarter', p.as_of) + interval 3 month as date) as next_quarter_start,
        cast(date_trunc('quarter', p.as_of) + interval 6 month - interval 1 day as date) as next_quarter_end,
        cast(p.as_of - interval 12 month as date) as year_before
    from (
        select
            generate_subscripts($periods, 1) as period,
            cast(unnest($periods).date_from as date) as date_from,
            cast(unnest($periods).date_to as date) as date_to,
            cast(coalesce(unnest($periods).as_of, unnest($periods).date_to) as date) as as_of
    ) as p
),

chosen_sellers as (
    select s.seller_id, s.name, s.team, s.manager, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

activity_counts as (
    select
        a.seller_id,
        p.period,
        cast(sum(a.activities) as bigint) as activities,
        cast(sum(a.meetings) as bigint) as meetings,
        cast(sum(a.calls) as bigint) as calls,
        cast(sum(a.customer_meetings) as bigint) as customer_meetings,
        cast(sum(a.new_business_meetings) as bigint) as new_business_meetings,
        cast(sum(a.needs_recorded_meetings) as bigint) as needs_recorded_meetings,
        cast(sum(a.needs_meetings) as bigint) as needs_meetings
    from {{ ref('activity_by_seller_day') }} as a
    semi join chosen_sellers as s on s.seller_id = a.seller_id
    inner join periods as p on a.date between p.date_from and p.date_to
    group by a.seller_id, p.period
),

offer_flow as (
    select
        f.seller_id,
        p.period,
        cast(coalesce(sum(case when f.day between p.date_from and p.date_to then f.offers_sent end), 0) as bigint) as offers_sent,
        cast(coalesce(sum(case when f.day between p.date_from and p.date_to then f.offers_won end), 0) as bigint) as offers_won,
        cast(coalesce(sum(case when f.day between p.date_from and p.date_to then f.offers_lost end), 0) as bigint) as offers_lost,
        coalesce(sum(case when f.day between p.date_from and p.date_to then f.won_value end), 0) as won_value,
        coalesce(sum(case when f.day between p.date_from and p.date_to then f.lost_value end), 0) as lost_value,
        coalesce(sum(case when f.day > p.year_before and f.day <= p.as_of then f.won_value end), 0) as won_value_12m,
        coalesce(sum(case when f.day > p.year_before and f.day <= p.as_of then f.lost_value end), 0) as lost_value_12m,
        coalesce(sum(case when f.day > p.year_before and f.day <= p.as_of then f.sent_value end), 0) as sent_value_12m,
        cast(coalesce(sum(case when f.day > p.year_before and f.day <= p.as_of then f.offers_sent end), 0) as bigint) as sent_count_12m
    from {{ ref('offer_flow_by_seller_day') }} as f
    semi join chosen_sellers as s on s.seller_id = f.seller_id
    inner join periods as p
        on f.day between least(p.date_from, p.year_before + 1) and greatest(p.date_to, p.as_of)
    group by f.seller_id, p.period
),

open_offers as (
    select
        o.seller_id,
        p.period,
        count(*) as open_offers,
        sum(o.value) as open_pipeline,
        coalesce(sum(case when o.probability is not null then o.value * o.probability end), 0) as weighted_known,
        coalesce(sum(case when o.probability is null then o.value end), 0) as unweighted_open_value,
        count(case when o.expected_close_date < p.as_of then 1 end) as overdue_offers,
        coalesce(sum(case when o.expected_close_date between p.as_of and p.quarter_end then o.value end), 0) as quarter_pipeline,
        coalesce(sum(case when o.expected_close_date between p.next_quarter_start and p.next_quarter_end then o.value end), 0)
            as next_quarter_pipeline
    from offers as o
    semi join chosen_sellers as s on s.seller_id = o.seller_id
    inner join periods as p
        on o.sent_date <= p.as_of
        and (o.status = 'open' or o.closed_date is null or o.closed_date > p.as_of)
    group by o.seller_id, p.period
),

deal_sums as (
    select
        d.seller_id,
        p.period,
        coalesce(sum(case when d.close_date between p.date_from and p.date_to then d.sales end), 0) as sales,
        coalesce(sum(case when d.close_date between p.quarter_start and p.as_of then d.sales end), 0) as quarter_sales
    from {{ ref('sales_by_seller_day') }} as d
    semi join chosen_sellers as s on s.seller_id = d.seller_id
    inner join periods as p
        on d.close_date between least(p.date_from, p.quarter_start) and greatest(p.date_to, p.as_of)
    group by d.seller_id, p.period
),

target_sums as (
    select
        t.seller_id,
        p.period,
        sum(t.sales_target * greatest(0, date_diff('day', greatest(t.month, p.date_from), least(last_day(t.month), p.date_to)) + 1) / day(last_day(t.month)))
            filter (where t.month <= p.date_to and last_day(t.month) >= p.date_from) as sales_target,
        sum(t.meetings_target * greatest(0, date_diff('day', greatest(t.month, p.date_from), least(last_day(t.month), p.date_to)) + 1) / day(last_day(t.month)))
            filter (where t.month <= p.date_to and last_day(t.month) >= p.date_from) as meetings_target,
        sum(case when t.month between p.quarter_start and p.quarter_end then t.sales_target end) as quarter_target,
        sum(case when t.month between p.next_quarter_start and p.next_quarter_end then t.sales_target end)
            as next_quarter_target
    from targets as t
    semi join chosen_sellers as s on s.seller_id = t.seller_id
    inner join periods as p
        on t.month between least(cast(date_trunc('month', p.date_from) as date), p.quarter_start)
        and greatest(p.date_to, p.next_quarter_end)
    group by t.seller_id, p.period
)

select
    p.period,
    s.seller_id,
    s.name as seller,
    s.team,
    s.manager,
    s.active,
    1 as sellers,
    coalesce(a.activities, 0) as activities,
    coalesce(a.meetings, 0) as meetings,
    coalesce(a.calls, 0) as calls,
    coalesce(a.customer_meetings, 0) as customer_meetings,
    coalesce(a.new_business_meetings, 0) as new_business_meetings,
    coalesce(a.needs_recorded_meetings, 0) as needs_recorded_meetings,
    coalesce(a.needs_meetings, 0) as needs_meetings,
    t.meetings_target,
    coalesce(f.offers_sent, 0) as offers_sent,
    coalesce(f.offers_won, 0) as offers_won,
    coalesce(f.offers_lost, 0) as offers_lost,
    coalesce(f.won_value, 0) as won_value,
    coalesce(f.lost_value, 0) as lost_value,
    coalesce(d.sales, 0) as sales,
    t.sales_target,
    coalesce(o.open_offers, 0) as open_offers,
    coalesce(o.open_pipeline, 0) as open_pipeline,
    coalesce(o.weighted_known, 0) as weighted_known,
    coalesce(o.unweighted_open_value, 0) as unweighted_open_value,
    coalesce(o.overdue_offers, 0) as overdue_offers,
    coalesce(o.quarter_pipeline, 0) as quarter_pipeline,
    t.quarter_target,
    coalesce(d.quarter_sales, 0) as quarter_sales,
    coalesce(o.next_quarter_pipeline, 0) as next_quarter_pipeline,
    t.next_quarter_target,
    coalesce(f.won_value_12m, 0) as won_value_12m,
    coalesce(f.lost_value_12m, 0) as lost_value_12m,
    coalesce(f.sent_value_12m, 0) as sent_value_12m,
    coalesce(f.sent_count_12m, 0) as sent_count_12m
from chosen_sellers as s
cross join periods as p
left join activity_counts as a on a.seller_id = s.seller_id and a.period = p.period
left join offer_flow as f on f.seller_id = s.seller_id and f.period = p.period
left join open_offers as o on o.seller_id = s.seller_id and o.period = p.period
left join deal_sums as d on d.seller_id = s.seller_id and d.period = p.period
left join target_sums as t on t.seller_id = s.seller_id and t.period = p.period
