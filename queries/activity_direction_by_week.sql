-- Direction (Suunta) of the meetings done, per week of the period [date_from, date_to]:
-- meetings with prospects (new business) vs existing customers, and how often needs were
-- discussed. new_business_share and needs_share are the scorecard's measures
-- (queries/measures.yaml) over each week's facts, read from the same day-grain base relation:
-- a customer is existing from the day after their first deal; a meeting without a customer
-- counts in neither share. Every week of the period appears, with zeros, unless no meeting was
-- done at all (then no rows). Filters: $teams (a list of team names) and $seller_id, null = all.
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

chosen_sellers as (
    select s.seller_id
    from sellers as s
    where ($teams is null or list_contains($teams, s.team)) and ($seller_id is null or s.seller_id = $seller_id)
),

per_week as (
    select
        cast(date_trunc('week', a.date) as date) as week,
        cast(sum(a.meetings) as bigint) as meetings,
        cast(sum(a.customer_meetings) as bigint) as customer_meetings,
        cast(sum(a.new_business_meetings) as bigint) as new_business_meetings,
        cast(sum(a.needs_recorded_meetings) as bigint) as needs_recorded_meetings,
        cast(sum(a.needs_meetings) as bigint) as needs_meetings
    from {{ ref('activity_by_seller_day') }} as a
    semi join chosen_sellers as s on s.seller_id = a.seller_id
    where a.date between cast($date_from as date) and cast($date_to as date) and a.meetings > 0
    group by week
),

facts as (
    select
        w.week,
        coalesce(p.meetings, 0) as meetings,
        coalesce(p.customer_meetings, 0) as customer_meetings,
        coalesce(p.new_business_meetings, 0) as new_business_meetings,
        coalesce(p.needs_recorded_meetings, 0) as needs_recorded_meetings,
        coalesce(p.needs_meetings, 0) as needs_meetings
    from weeks as w
    left join per_week as p on p.week = w.week
)

select
    week,
    meetings,
    new_business_meetings as prospect_meetings,
    customer_meetings - new_business_meetings as existing_customer_meetings,
    meetings - customer_meetings as meetings_without_customer,
    {{ measure('new_business_share') }} as new_business_share,
    needs_recorded_meetings,
    needs_meetings,
    {{ measure('needs_share') }} as needs_share
from facts
where exists (select 1 from per_week)
order by week
