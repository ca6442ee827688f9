-- One row per seller of the filtered team: meetings done per full week (Monday to Sunday),
-- oldest week first, for the sparkline column of the team overview. The weeks end with
-- the last Sunday on or before $date_to (a half-done week would look like a slump) and
-- cover the period, but at least 12 weeks, so a one-week period still shows a trend.
-- Filters: $teams (a list of team names; null = all).
with
last_sunday as (
    select cast($date_to as date) - cast(isodow(cast($date_to as date)) % 7 as integer) as last_day
),

bounds as (
    select
        least(
            cast(date_trunc('week', cast($date_from as date)) as date),
            cast(date_trunc('week', l.last_day) as date) - 77
        ) as first_week,
        l.last_day as date_to
    from last_sunday as l
),

weeks as (
    select cast(w.week as date) as week
    from bounds as b
    cross join unnest(generate_series(b.first_week, b.date_to, interval 1 week)) as w(week)
),

meetings_by_week as (
    select
        a.seller_id,
        cast(date_trunc('week', a.date) as date) as week,
        count(*) as meetings
    from activities as a
    cross join bounds as b
    where a.status = 'done' and a.type = 'meeting' and a.date between b.first_week and b.date_to
    group by a.seller_id, week
)

select
    s.seller_id,
    list(coalesce(m.meetings, 0) order by w.week) as weekly_meetings,
    min(w.week) as first_week,
    count(*) as weeks,
    max(w.week) + 6 as last_day
from sellers as s
cross join weeks as w
left join meetings_by_week as m on m.seller_id = s.seller_id and m.week = w.week
where ($teams is null or list_contains($teams, s.team))
group by s.seller_id
order by s.seller_id
