-- The seller scorecard (queries/seller_scorecard.sql) computed from the raw tables instead of
-- the rollups: for a read-only open of a file whose rollups are missing or stale (a file of an
-- older version, which a read-only connection cannot refresh), and the bench's reference that
-- the rollups give the same numbers (checked on every run and in tests/test_rollups.py).
-- One row per seller (every seller, with zeros when nothing happened): activity (MSL),
-- conversion, sales against target and pipeline thinness for the period
-- [$date_from, $date_to] and the pipeline as it stood on $as_of.
-- Metric definitions: README, "Metric definitions".
with
bounds as (
    select
        cast($date_from as date) as date_from,
        cast($date_to as date) as date_to,
        cast($as_of as date) as as_of,
        cast(date_trunc('quarter', cast($as_of as date)) as date) as quarter_start,
        cast(date_trunc('quarter', cast($as_of as date)) + interval 3 month - interval 1 day as date)
            as quarter_end,
        cast(cast($as_of as date) - interval 12 month as date) as year_before
),

first_deal as (
    select customer_id, min(close_date) as first_close_date
    from deals
    where customer_id is not null
    group by customer_id
),

activity_counts as (
    select
        a.seller_id,
        count(*) filter (where a.type = 'meeting') as meetings,
        count(*) filter (where a.type = 'call') as calls,
        count(*) filter (where a.type = 'meeting' and a.customer_id is not null) as customer_meetings,
        count(*) filter (
            where a.type = 'meeting' and a.customer_id is not null
            and (f.first_close_date is null or f.first_close_date >= a.date)
        ) as new_business_meetings,
        count(*) filter (where a.type = 'meeting' and a.needs_discussed is not null) as needs_recorded_meetings,
        count(*) filter (where a.type = 'meeting' and a.needs_discussed) as needs_meetings
    from activities as a
    cross join bounds as b
    left join first_deal as f on f.customer_id = a.customer_id
    where a.status = 'done' and a.date between b.date_from and b.date_to
    group by a.seller_id
),

offer_facts as (
    select
        o.seller_id,
        o.value,
        o.status,
        o.probability,
        o.sent_date between b.date_from and b.date_to as sent_in_period,
        o.status = 'won' and o.closed_date between b.date_from and b.date_to as won_in_period,
        o.status = 'lost' and o.closed_date between b.date_from and b.date_to as lost_in_period,
        o.sent_date <= b.as_of
            and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of) as open_at_as_of,
        o.expected_close_date < b.as_of as past_expected_close,
        o.expected_close_date between b.as_of and b.quarter_end as closes_this_quarter,
        o.closed_date > b.year_before and o.closed_date <= b.as_of and o.status in ('won', 'lost')
            as decided_last_12m,
        o.sent_date > b.year_before and o.sent_date <= b.as_of as sent_last_12m
    from offers as o
    cross join bounds as b
),

offer_counts as (
    select
        seller_id,
        count(*) filter (where sent_in_period) as offers_sent,
        count(*) filter (where won_in_period) as offers_won,
        count(*) filter (where lost_in_period) as offers_lost,
        coalesce(sum(value) filter (where won_in_period), 0) as won_value,
        coalesce(sum(value) filter (where lost_in_period), 0) as lost_value,
        count(*) filter (where open_at_as_of) as open_offers,
        coalesce(sum(value) filter (where open_at_as_of), 0) as open_pipeline,
        coalesce(sum(value * probability) filter (where open_at_as_of and probability is not null), 0)
            as weighted_known,
        coalesce(sum(value) filter (where open_at_as_of and probability is null), 0) as unweighted_open_value,
        count(*) filter (where open_at_as_of and past_expected_close) as overdue_offers,
        coalesce(sum(value) filter (where open_at_as_of and closes_this_quarter), 0) as quarter_pipeline,
        coalesce(sum(value) filter (where decided_last_12m and status = 'won'), 0) as won_value_12m,
        coalesce(sum(value) filter (where decided_last_12m and status = 'lost'), 0) as lost_value_12m,
        coalesce(sum(value) filter (where sent_last_12m), 0) as sent_value_12m,
        count(*) filter (where sent_last_12m) as sent_count_12m
    from offer_facts
    group by seller_id
),

deal_sums as (
    select
        d.seller_id,
        coalesce(sum(d.value) filter (where d.close_date between b.date_from and b.date_to), 0) as sales,
        coalesce(sum(d.value) filter (where d.close_date between b.quarter_start and b.as_of), 0)
            as quarter_sales
    from deals as d
    cross join bounds as b
    group by d.seller_id
),

target_months as (
    -- A target counts by the share of its month's days inside the period.
    select
        t.seller_id,
        t.sales_target,
        t.meetings_target,
        greatest(
            0,
            date_diff('day', greatest(t.month, b.date_from), least(last_day(t.month), b.date_to)) + 1
        ) / day(last_day(t.month)) as period_share,
        t.month between b.quarter_start and b.quarter_end as in_quarter
    from targets as t
    cross join bounds as b
),

target_sums as (
    select
        seller_id,
        sum(sales_target * period_share) filter (where period_share > 0) as sales_target,
        sum(meetings_target * period_share) filter (where period_share > 0) as meetings_target,
        sum(sales_target) filter (where in_quarter) as quarter_target
    from target_months
    group by seller_id
),

per_seller as (
    select
        s.seller_id,
        s.name as seller,
        s.team,
        s.manager,
        s.active,
        coalesce(a.meetings, 0) as meetings,
        coalesce(a.calls, 0) as calls,
        t.meetings_target,
        a.new_business_meetings / nullif(a.customer_meetings, 0) as new_business_share,
        a.needs_meetings / nullif(a.needs_recorded_meetings, 0) as needs_share,
        coalesce(o.offers_sent, 0) as offers_sent,
        coalesce(o.offers_won, 0) as offers_won,
        coalesce(o.offers_lost, 0) as offers_lost,
        coalesce(o.won_value, 0) as won_value,
        coalesce(o.lost_value, 0) as lost_value,
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
        coalesce(o.won_value_12m, 0) as won_value_12m,
        coalesce(o.lost_value_12m, 0) as lost_value_12m,
        coalesce(o.sent_value_12m, 0) as sent_value_12m,
        coalesce(o.sent_count_12m, 0) as sent_count_12m
    from sellers as s
    left join activity_counts as a on a.seller_id = s.seller_id
    left join offer_counts as o on o.seller_id = s.seller_id
    left join deal_sums as d on d.seller_id = s.seller_id
    left join target_sums as t on t.seller_id = s.seller_id
),

team_rates as (
    -- A seller who has won nothing in the last 12 months borrows the team's value hit rate;
    -- a team that has won nothing falls back to the rule of thumb of 3x coverage.
    select
        team,
        sum(won_value_12m) / nullif(sum(won_value_12m) + sum(lost_value_12m), 0) as team_value_hit_rate_12m,
        sum(sent_value_12m) / nullif(sum(sent_count_12m), 0) as team_avg_offer_value
    from per_seller
    group by team
),

with_requirement as (
    select
        p.*,
        p.won_value_12m / nullif(p.won_value_12m + p.lost_value_12m, 0) as value_hit_rate_12m,
        coalesce(
            1 / nullif(p.won_value_12m / nullif(p.won_value_12m + p.lost_value_12m, 0), 0),
            1 / nullif(tr.team_value_hit_rate_12m, 0),
            3.0
        ) as required_coverage,
        coalesce(p.sent_value_12m / nullif(p.sent_count_12m, 0), tr.team_avg_offer_value) as avg_offer_value,
        p.quarter_target - p.quarter_sales as quarter_remaining_target
    from per_seller as p
    left join team_rates as tr on tr.team = p.team
),

with_coverage as (
    select
        *,
        case when quarter_remaining_target > 0 then quarter_pipeline / quarter_remaining_target end
            as pipeline_coverage,
        case
            when quarter_remaining_target > 0
                then greatest(0, required_coverage * quarter_remaining_target - quarter_pipeline)
            else 0
        end as pipeline_gap
    from with_requirement
)

select
    seller_id,
    seller,
    team,
    manager,
    active,
    meetings,
    calls,
    meetings_target,
    new_business_share,
    needs_share,
    offers_sent,
    offers_won,
    offers_lost,
    won_value,
    lost_value,
    offers_won / nullif(offers_won + offers_lost, 0) as hit_rate,
    won_value / nullif(won_value + lost_value, 0) as value_hit_rate,
    (offers_won + offers_lost) / nullif(offers_won, 0) as offers_per_win,
    offers_sent / nullif(meetings, 0) as meeting_to_offer,
    sales,
    sales_target,
    open_offers,
    open_pipeline,
    weighted_known + unweighted_open_value / required_coverage as weighted_pipeline,
    overdue_offers,
    quarter_target,
    quarter_sales,
    quarter_remaining_target,
    quarter_pipeline,
    pipeline_coverage,
    value_hit_rate_12m,
    required_coverage,
    coalesce(pipeline_coverage < required_coverage, false) as thin,
    pipeline_gap,
    avg_offer_value,
    case
        when pipeline_gap = 0 then 0
        when avg_offer_value > 0 then ceil(pipeline_gap / avg_offer_value)
    end as offers_needed
from with_coverage
order by team, seller, seller_id
