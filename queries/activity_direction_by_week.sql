-- Direction (Suunta) of the meetings done, per week of the period [date_from, date_to]:
-- meetings with prospects vs existing customers, and how often needs were discussed.
-- Same definitions as new_business_share and needs_share in seller_scorecard.sql:
-- a customer is existing from the day after their first deal; a meeting without a
-- customer counts in neither share. Every week of the period appears, with zeros, unless
-- no meeting was done at all (then no rows).
-- Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($date_from as date) as date_from, cast($date_to as date) as date_to
),

weeks as (
    select cast(w.week as date) as week
    from bounds as b
    cross join
        unnest(generate_series(date_trunc('week', b.date_from), date_trunc('week', b.date_to), interval 1 week))
            as w(week)
),

first_deal as (
    select d.customer_id, min(d.close_date) as first_close_date
    from deals as d
    where d.customer_id is not null
    group by d.customer_id
),

meetings as (
    select
        cast(date_trunc('week', a.date) as date) as week,
        a.customer_id,
        a.customer_id is not null and (f.first_close_date is null or f.first_close_date >= a.date)
            as with_prospect,
        a.customer_id is not null and f.first_close_date < a.date as with_existing_customer,
        a.needs_discussed
    from activities as a
    inner join sellers as s on s.seller_id = a.seller_id
    cross join bounds as b
    left join first_deal as f on f.customer_id = a.customer_id
    where
        a.status = 'done'
        and a.type = 'meeting'
        and a.date between b.date_from and b.date_to
        and ($teams is null or list_contains($teams, s.team))
        and ($seller_id is null or s.seller_id = $seller_id)
),

per_week as (
    select
        week,
        count(*) as meetings,
        count(*) filter (where with_prospect) as prospect_meetings,
        count(*) filter (where with_existing_customer) as existing_customer_meetings,
        count(*) filter (where customer_id is null) as meetings_without_customer,
        count(*) filter (where needs_discussed is not null) as needs_recorded_meetings,
        count(*) filter (where needs_discussed) as needs_meetings
    from meetings
    group by week
)

select
    w.week,
    coalesce(p.meetings, 0) as meetings,
    coalesce(p.prospect_meetings, 0) as prospect_meetings,
    coalesce(p.existing_customer_meetings, 0) as existing_customer_meetings,
    coalesce(p.meetings_without_customer, 0) as meetings_without_customer,
    p.prospect_meetings / nullif(p.prospect_meetings + p.existing_customer_meetings, 0) as new_business_share,
    coalesce(p.needs_recorded_meetings, 0) as needs_recorded_meetings,
    coalesce(p.needs_meetings, 0) as needs_meetings,
    p.needs_meetings / nullif(p.needs_recorded_meetings, 0) as needs_share
from weeks as w
left join per_week as p on p.week = w.week
where exists (select 1 from per_week)
order by w.week
