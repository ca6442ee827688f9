-- Every lost-offer post-mortem with its offer, seller and loss reason, grouped by loss reason;
-- lost offers closed in [$date_from, $date_to] (null: open-ended) of sellers in the $teams list (null: all).
select
    coalesce(nullif(trim(o.loss_reason), ''), '(no reason given)') as loss_reason,
    o.offer_id,
    s.seller_id,
    s.name as seller,
    s.team,
    c.name as customer,
    o.closed_date,
    o.value,
    r.what_happened,
    r.why,
    r.do_differently,
    r.customer_word,
    r.author,
    r.reviewed_at
from {{ coaching('reviews') }} as r
inner join offers as o on o.offer_id = r.offer_id
inner join sellers as s on s.seller_id = o.seller_id
left join customers as c on c.customer_id = o.customer_id
where
    o.status = 'lost'
    and ($teams is null or list_contains($teams, s.team))
    and ($date_from is null or o.closed_date >= cast($date_from as date))
    and ($date_to is null or o.closed_date <= cast($date_to as date))
order by loss_reason, o.closed_date desc, o.offer_id
