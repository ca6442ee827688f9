-- The offers of $seller_id won or lost with closed_date in ($date_from, $date_to] (what changed
-- since a 1:1 held on $date_from), latest first.
select
    o.offer_id,
    c.name as customer,
    o.status,
    o.value,
    o.closed_date,
    o.loss_reason
from offers as o
left join customers as c on c.customer_id = o.customer_id
where
    o.seller_id = $seller_id
    and o.status in ('won', 'lost')
    and o.closed_date > cast($date_from as date)
    and o.closed_date <= cast($date_to as date)
order by o.closed_date desc, o.offer_id
