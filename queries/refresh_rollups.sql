-- Pre-aggregated rollups of the big tables, rebuilt in the same transaction as every import
-- (SalesCoach._write_frames), so they always agree with the raw tables. Pages read these
-- small tables instead of scanning millions of activities. Each is sorted by its date so
-- a period filter skips whole row groups.

-- The day a customer first bought anything: meetings before (or on) it are new business.
create or replace table first_deal_by_customer as
with
deals_with_customer as (
    select d.customer_id, d.close_date
    from deals as d
    where d.customer_id is not null
)

select customer_id, min(close_date) as first_close_date
from deals_with_customer
group by customer_id
order by customer_id;

-- One row per seller and day with at least one done activity: counts by type and the
-- meeting facts the scorecard's direction metrics need.
create or replace table activity_by_seller_day as
with
done_activities as (
    select
        a.seller_id,
        a.date,
        a.type,
        a.customer_id is not null as with_customer,
        a.customer_id is not null
            and (f.first_close_date is null or f.first_close_date >= a.date) as new_business,
        a.needs_discussed
    from activities as a
    left join first_deal_by_customer as f on f.customer_id = a.customer_id
    where a.status = 'done'
)

select
    seller_id,
    date,
    count(*) as activities,
    count(*) filter (where type = 'meeting') as meetings,
    count(*) filter (where type = 'call') as calls,
    count(*) filter (where type = 'email') as emails,
    count(*) filter (where type = 'other') as other_activities,
    count(*) filter (where type = 'meeting' and with_customer) as customer_meetings,
    count(*) filter (where type = 'meeting' and new_business) as new_business_meetings,
    count(*) filter (where type = 'meeting' and needs_discussed is not null) as needs_recorded_meetings,
    count(*) filter (where type = 'meeting' and needs_discussed) as needs_meetings
from done_activities
group by seller_id, date
order by date, seller_id;

-- One row per seller and day with at least one deal: sales (deal value) closed that day.
create or replace table sales_by_seller_day as
select
    d.seller_id,
    d.close_date,
    count(*) as deals,
    sum(d.value) as sales
from deals as d
group by d.seller_id, d.close_date
order by d.close_date, d.seller_id;

-- One row per seller and day with an offer sent or decided: offers sent that day (and their
-- value), and offers won and lost that day (by closed date). The scorecard's conversion and
-- 12-month hit rate read this; the open pipeline needs each offer's state and reads offers.
create or replace table offer_flow_by_seller_day as
with
sent as (
    select
        o.seller_id,
        o.sent_date as day,
        count(*) as offers_sent,
        sum(o.value) as sent_value
    from offers as o
    group by all
),

decided as (
    select
        o.seller_id,
        o.closed_date as day,
        count(*) filter (where o.status = 'won') as offers_won,
        coalesce(sum(o.value) filter (where o.status = 'won'), 0) as won_value,
        count(*) filter (where o.status = 'lost') as offers_lost,
        coalesce(sum(o.value) filter (where o.status = 'lost'), 0) as lost_value
    from offers as o
    where o.status in ('won', 'lost') and o.closed_date is not null
    group by all
)

select
    seller_id,
    day,
    coalesce(s.offers_sent, 0) as offers_sent,
    coalesce(s.sent_value, 0) as sent_value,
    coalesce(d.offers_won, 0) as offers_won,
    coalesce(d.won_value, 0) as won_value,
    coalesce(d.offers_lost, 0) as offers_lost,
    coalesce(d.lost_value, 0) as lost_value
from sent as s
full join decided as d using (seller_id, day)
order by day, seller_id;
