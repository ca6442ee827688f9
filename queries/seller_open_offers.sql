-- One seller's offers open on $as_of (as the scorecard counts open_offers), the ones past
-- their expected close date first (most overdue first), then by expected close date.
with
bounds as (
    select cast($as_of as date) as as_of
)

select
    o.offer_id,
    c.name as customer,
    o.sent_date,
    o.expected_close_date,
    o.value,
    o.probability,
    coalesce(o.expected_close_date < b.as_of, false) as overdue,
    case when o.expected_close_date < b.as_of then date_diff('day', o.expected_close_date, b.as_of) end
        as days_overdue
from offers as o
cross join bounds as b
left join customers as c on c.customer_id = o.customer_id
where
    o.seller_id = $seller_id
    and o.sent_date <= b.as_of
    and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of)
order by overdue desc, days_overdue desc nulls last, o.expected_close_date nulls last, o.value desc, o.offer_id
