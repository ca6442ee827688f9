-- One seller's lost offers closed in [$date_from, $date_to] (either null: open-ended), latest
-- loss first, each with its post-mortem (empty when none yet).
select
    o.offer_id,
    c.name as customer,
    o.sent_date,
    o.closed_date,
    o.value,
    coalesce(nullif(trim(o.loss_reason), ''), '(no reason given)') as loss_reason,
    r.offer_id is not null as reviewed,
    r.what_happened,
    r.why,
    r.do_differently,
    r.customer_word,
    r.author,
    r.reviewed_at
from offers as o
left join customers as c on c.customer_id = o.customer_id
left join {{ coaching('reviews') }} as r on r.offer_id = o.offer_id
where
    o.seller_id = $seller_id
    and o.status = 'lost'
    and ($date_from is null or o.closed_date >= cast($date_from as date))
    and ($date_to is null or o.closed_date <= cast($date_to as date))
order by o.closed_date desc nulls last, o.sent_date desc, o.offer_id
