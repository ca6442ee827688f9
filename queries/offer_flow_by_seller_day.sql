-- Base relation: one row per seller and day with an offer sent or decided: offers sent that
-- day (by sent date) and their value, offers won and lost that day (by closed date) and their
-- value. The conversion measures and the 12-month hit rate read this; the open pipeline needs
-- each offer's state on the as-of day and reads offers. Materialised as the table
-- offer_flow_by_seller_day (queries/refresh_rollups.sql), read as
-- ref('offer_flow_by_seller_day') (see queries/first_deal_by_customer.sql).
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
