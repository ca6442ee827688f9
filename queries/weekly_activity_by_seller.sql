-- One row per seller and week (weeks start on Monday) of the period [date_from, date_to]:
-- activities done by type, and the meetings target prorated to the week's days inside the
-- period (a monthly target counts by the share of its month's days, as in the scorecard).
-- Every filtered seller at work (active, or left but did something in the period) gets every
-- week, with zeros when nothing was done; no rows at all when the filtered sellers did nothing
-- and had no meetings target in the period.
-- Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($date_from as date) as date_from, cast($date_to as date) as date_to
),

weeks as (
    select
        cast(w.week as date) as week,
        greatest(cast(w.week as date), b.date_from) as first_day,
        least(cast(w.week as date) + 6, b.date_to) as last_day
    from bounds as b
    cross join
        unnest(generate_series(date_trunc('week', b.date_from), date_trunc('week', b.date_to), interval 1 week))
            as w(week)
),

done_by_week as (
    select
        a.seller_id,
        cast(date_trunc('week', a.date) as date) as week,
        count(*) filter (where a.type = 'meeting') as meetings,
        count(*) filter (where a.type = 'call') as calls,
        count(*) filter (where a.type = 'email') as emails,
        count(*) filter (where a.type = 'other') as other_activities
    from activities as a
    cross join bounds as b
    where a.status = 'done' and a.date between b.date_from and b.date_to
    group by a.seller_id, week
),

filtered_sellers as (
    -- Sellers at work in the period: active ones, and those who left but did something in it.
    select s.seller_id, s.name as seller, s.team
    from sellers as s
    where
        ($teams is null or list_contains($teams, s.team))
        and ($seller_id is null or s.seller_id = $seller_id)
        and (s.active or s.seller_id in (select d.seller_id from done_by_week as d))
),

target_by_week as (
    select
        t.seller_id,
        w.week,
        sum(
            t.meetings_target
            * (date_diff('day', greatest(t.month, w.first_day), least(last_day(t.month), w.last_day)) + 1)
            / day(last_day(t.month))
        ) as meetings_target
    from targets as t
    inner join weeks as w on t.month <= w.last_day and last_day(t.month) >= w.first_day
    where t.meetings_target is not null
    group by t.seller_id, w.week
)

select
    w.week,
    s.seller_id,
    s.seller,
    s.team,
    coalesce(d.meetings, 0) as meetings,
    coalesce(d.calls, 0) as calls,
    coalesce(d.emails, 0) as emails,
    coalesce(d.other_activities, 0) as other_activities,
    t.meetings_target
from filtered_sellers as s
cross join weeks as w
left join done_by_week as d on d.seller_id = s.seller_id and d.week = w.week
left join target_by_week as t on t.seller_id = s.seller_id and t.week = w.week
where exists (
    select 1 from done_by_week as d2 inner join filtered_sellers as s2 on s2.seller_id = d2.seller_id
    union all
    select 1 from target_by_week as t2 inner join filtered_sellers as s2 on s2.seller_id = t2.seller_id
)
order by w.week, s.team, s.seller, s.seller_id
