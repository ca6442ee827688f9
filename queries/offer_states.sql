-- Model: the offers as they stood on each day of $as_of_days (a list of dates), grain offer x
-- day: for every offer of a seller of $teams (every team when null) sent by the last day and not
-- closed before the first one, one row per day with its value, expected close date and stage as
-- of the later of that day and its sent date (`state_day`), and the day it entered that stage
-- (on a day between the first and the last, only the offers open that day).
-- A field as of a day (offer_history, salescoach/history.py): the newest change on or before the
-- day, else the oldest change's old value, else the offer's value today: the value of the span
-- holding the day (queries/offer_field_spans.sql), else today's. A stage's entry day is that
-- newest stage change's day; null when the offer has had the stage since before any recorded
-- change (the query using it says what it takes instead).
-- Status and closing follow today's offers, as every pipeline measure does: an offer is open on a
-- day when it was sent by then and is open, or closed after that day (`open_on_day`).
-- Read by queries/pipeline_change_offers.sql (the changes between two days) and
-- queries/pipeline_coverage_as_of.sql (the pipeline as it stood on past days).
with
days as (
    select distinct cast(unnest($as_of_days) as date) as day
),

bounds as (
    select min(d.day) as first_day, max(d.day) as last_day from days as d
),

chosen_sellers as (
    select s.seller_id
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

in_scope as (
    select
        o.offer_id,
        o.seller_id,
        o.customer_id,
        o.sent_date,
        o.status,
        o.closed_date,
        o.value,
        o.expected_close_date,
        o.stage
    from offers as o
    semi join chosen_sellers as s on s.seller_id = o.seller_id
    cross join bounds as b
    where
        o.sent_date <= b.last_day
        and (o.status = 'open' or o.closed_date is null or o.closed_date > b.first_day)
),

-- The offer on each day: on the first and the last day every offer in scope (what the changes
-- between two days compare), on the days between only those open then (all a trend reads).
wanted as (
    select i.offer_id, d.day, greatest(d.day, i.sent_date) as state_day
    from in_scope as i
    cross join days as d
    cross join bounds as b
    where
        d.day in (b.first_day, b.last_day)
        or (i.sent_date <= d.day and (i.status = 'open' or i.closed_date is null or i.closed_date > d.day))
),

-- Each field's value between its changes (queries/offer_field_spans.sql) for those offers: the
-- rollup is ordered by open_until, so the filter skips the offers closed before the first day.
spans as (
    select s.offer_id, s.field, s.valid_from, s.valid_to, s.value, s.since
    from {{ ref('offer_field_spans') }} as s
    cross join bounds as b
    where s.open_until > b.first_day and s.sent_date <= b.last_day
),

value_spans as (select * from spans where field = 'value'),
expected_spans as (select * from spans where field = 'expected_close_date'),
stage_spans as (select * from spans where field = 'stage')

select
    i.offer_id,
    i.seller_id,
    i.customer_id,
    i.sent_date,
    i.status,
    i.closed_date,
    w.day,
    w.state_day,
    i.sent_date <= w.day and (i.status = 'open' or i.closed_date is null or i.closed_date > w.day) as open_on_day,
    case when v.offer_id is null then i.value else cast(v.value as double) end as value,
    case when e.offer_id is null then i.expected_close_date else cast(e.value as date) end as expected_close_date,
    case when g.offer_id is null then i.stage else g.value end as stage,
    g.since as stage_since
from in_scope as i
inner join wanted as w on w.offer_id = i.offer_id
left join value_spans as v on v.offer_id = w.offer_id and w.state_day >= v.valid_from and w.state_day < v.valid_to
left join expected_spans as e on e.offer_id = w.offer_id and w.state_day >= e.valid_from and w.state_day < e.valid_to
left join stage_spans as g on g.offer_id = w.offer_id and w.state_day >= g.valid_from and w.state_day < g.valid_to
