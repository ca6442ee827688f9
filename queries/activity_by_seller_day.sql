-- Base relation: one row per seller and day with at least one done activity: counts by type
-- and the meeting facts the direction metrics need (with a customer, new business, needs
-- recorded, needs discussed). Only done activities count (README, "Metric definitions").
-- Materialised as the table activity_by_seller_day (queries/refresh_rollups.sql), read as
-- ref('activity_by_seller_day') (see queries/first_deal_by_customer.sql).
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
    left join {{ ref('first_deal_by_customer') }} as f on f.customer_id = a.customer_id
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
