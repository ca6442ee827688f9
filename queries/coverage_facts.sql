-- Model: the pipeline of two quarters as it stood on each day of $as_of_days, grain seller x day:
-- every seller of $teams (every team when null) on every day, with zeros when nothing was open.
-- The quarters are the last day's ("this quarter", P's) and the one after it ("next quarter"),
-- the same on every day, so a week-by-week line shows whether next quarter's hole was growing.
-- On each day d: quarter_pipeline is the value of the offers open on d (as they stood on d,
-- queries/offer_states.sql) expected to close from the later of d and the quarter's first day to
-- its last day (on P, the scorecard's quarter_pipeline as it stood then); quarter_sales the deals
-- from the quarter's first day to d (0 before it); next_quarter_pipeline the offers open on d
-- expected to close in the next quarter. The targets are the quarters' sales targets (null
-- without any). queries/coverage_by_grain.sql sums these per team and for all teams.
with
states as {{ ref('offer_states') }},

quarters as (
    select
        q.quarter_start,
        cast(q.quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
        cast(q.quarter_start + interval 3 month as date) as next_quarter_start,
        cast(q.quarter_start + interval 6 month - interval 1 day as date) as next_quarter_end
    from (select cast(date_trunc('quarter', cast(list_max($as_of_days) as date)) as date) as quarter_start) as q
),

days as (
    select distinct cast(unnest($as_of_days) as date) as day
),

chosen_sellers as (
    select s.seller_id, s.name, s.team, s.manager, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

pipelines as (
    select
        st.seller_id,
        st.day,
        sum(
            case
                when st.expected_close_date between greatest(st.day, q.quarter_start) and q.quarter_end
                    then st.value
            end
        ) as quarter_pipeline,
        sum(
            case
                when st.expected_close_date between q.next_quarter_start and q.next_quarter_end then st.value
            end
        ) as next_quarter_pipeline
    from states as st
    cross join quarters as q
    where st.open_on_day
    group by st.seller_id, st.day
),

sales as (
    select d.seller_id, days.day, sum(d.sales) as quarter_sales
    from {{ ref('sales_by_seller_day') }} as d
    semi join chosen_sellers as s on s.seller_id = d.seller_id
    cross join quarters as q
    inner join days on d.close_date between q.quarter_start and days.day
    group by d.seller_id, days.day
),

quarter_targets as (
    select
        t.seller_id,
        sum(case when t.month between q.quarter_start and q.quarter_end then t.sales_target end) as quarter_target,
        sum(case when t.month between q.next_quarter_start and q.next_quarter_end then t.sales_target end)
            as next_quarter_target
    from targets as t
    semi join chosen_sellers as s on s.seller_id = t.seller_id
    cross join quarters as q
    where t.month between q.quarter_start and q.next_quarter_end
    group by t.seller_id
)

select
    s.seller_id,
    s.name as seller,
    s.team,
    s.manager,
    s.active,
    days.day,
    coalesce(p.quarter_pipeline, 0) as quarter_pipeline,
    t.quarter_target,
    coalesce(sa.quarter_sales, 0) as quarter_sales,
    coalesce(p.next_quarter_pipeline, 0) as next_quarter_pipeline,
    t.next_quarter_target
from chosen_sellers as s
cross join days
left join pipelines as p on p.seller_id = s.seller_id and p.day = days.day
left join sales as sa on sa.seller_id = s.seller_id and sa.day = days.day
left join quarter_targets as t on t.seller_id = s.seller_id
