-- Per loss reason: lost offers, their value, and how many have a post-mortem; lost offers closed
-- in [$date_from, $date_to] (either may be null: open-ended) of sellers in the $teams list (null: all teams).
with
lost as (
    select
        coalesce(nullif(trim(o.loss_reason), ''), '(no reason given)') as loss_reason,
        o.offer_id,
        o.value,
        r.offer_id is not null as reviewed
    from offers as o
    inner join sellers as s on s.seller_id = o.seller_id
    left join {{ coaching('reviewed_offers') }} as r on r.offer_id = o.offer_id
    where
        o.status = 'lost'
        and ($teams is null or list_contains($teams, s.team))
        and ($date_from is null or o.closed_date >= cast($date_from as date))
        and ($date_to is null or o.closed_date <= cast($date_to as date))
)

select
    loss_reason,
    count(*) as offers_lost,
    sum(value) as lost_value,
    count(*) filter (where reviewed) as reviewed_offers
from lost
group by loss_reason
order by offers_lost desc, loss_reason
