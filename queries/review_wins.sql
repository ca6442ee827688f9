-- The week's wins the team review celebrates: the deals of the sellers of $teams (a list of
-- team names, null = every team) closed from $date_from to $date_to, biggest first.
select
    d.deal_id,
    d.seller_id,
    s.name as seller,
    s.team,
    cu.name as customer,
    d.close_date,
    d.value
from deals as d
inner join sellers as s on s.seller_id = d.seller_id
left join customers as cu on cu.customer_id = d.customer_id
where
    d.close_date between cast($date_from as date) and cast($date_to as date)
    and ($teams is null or list_contains($teams, s.team))
order by d.value desc, d.close_date desc, d.deal_id
