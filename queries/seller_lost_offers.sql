-- One seller's offers lost in the period [$date_from, $date_to] (by closing date), latest
-- loss first, with the loss reason as recorded ('(no reason given)' when empty).
with
bounds as (
    select cast($date_from as date) as date_from, cast($date_to as date) as date_to
)

select
    o.offer_id,
    c.name as customer,
    o.sent_date,
    o.closed_date,
    o.value,
    coalesce(nullif(trim(o.loss_reason), ''), '(no reason given)') as loss_reason
from offers as o
cross join bounds as b
left join customers as c on c.customer_id = o.customer_id
where
    o.seller_id = $seller_id
    and o.status = 'lost'
    and o.closed_date between b.date_from and b.date_to
order by o.closed_date desc, o.value desc, o.offer_id
