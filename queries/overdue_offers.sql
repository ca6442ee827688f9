-- Open offers whose expected close date has passed, as they stood on the as-of date (the
-- overdue_offers count of seller_scorecard.sql, offer by offer): chase them or clean them up.
-- Most overdue first. Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($as_of as date) as as_of
)

select
    o.offer_id,
    s.seller_id,
    s.name as seller,
    s.team,
    c.name as customer,
    o.sent_date,
    o.expected_close_date,
    date_diff('day', o.expected_close_date, b.as_of) as days_overdue,
    o.value,
    o.probability
from offers as o
inner join sellers as s on s.seller_id = o.seller_id
cross join bounds as b
left join customers as c on c.customer_id = o.customer_id
where
    o.sent_date <= b.as_of
    and (o.status = 'open' or o.closed_date is null or o.closed_date > b.as_of)
    and o.expected_close_date < b.as_of
    and ($teams is null or list_contains($teams, s.team))
    and ($seller_id is null or s.seller_id = $seller_id)
order by days_overdue desc, o.value desc, o.offer_id
