-- Model: the offers as they stood on each day of $as_of_days (a list of dates), grain offer x
-- day: for every offer of a seller of $teams (every team when null) sent by the last day and not
-- closed before the first one, one row per day with its value and expected close date as of the
-- later of that day and its sent date (`state_day`; on a day between the first and the last, only
-- the offers open that day), and its stage today (stage_today; the stage as it stood is
-- queries/offer_stage_states.sql's).
-- A field as of a day (offer_history, salescoach/history.py): the newest change on or before the
-- day, else the oldest change's old value, else the offer's value today: the value of the span
-- holding the day (queries/offer_field_spans.sql), else today's.
-- Status and closing follow today's offers, as every pipeline measure does: an offer is open on a
-- day when it was sent by then and is open, or closed after that day (`open_on_day`).
-- Read by queries/pipeline_change_offers.sql (the changes between two days) and
-- queries/coverage_facts.sql (the pipeline as it stood on past days) and
-- queries/offer_stage_states.sql (the stage as it stood).
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
    where
        -- the bounds written out, not joined: a constant filter is pushed into the scan
        o.sent_date <= cast(list_max($as_of_days) as date)
        and (o.status = 'open' or o.closed_date is null or o.closed_date > cast(list_min($as_of_days) as date))
),

-- The offer on each day: on the first and the last day every offer in scope (what the changes
-- between two days compare), on the days between only those open then (all a trend reads).
wanted as (
    select i.*, d.day, greatest(d.day, i.sent_date) as state_day
    from in_scope as i
    cross join days as d
    cross join bounds as b
    where
        d.day in (b.first_day, b.last_day)
        or (i.sent_date <= d.day and (i.status = 'open' or i.closed_date is null or i.closed_date > d.day))
),

-- Each field's value between its changes (queries/offer_field_spans.sql) for those offers: the
-- rollup is ordered by open_until, so the filter skips the offers closed before the first day.
-- Only the spans that reach into the days asked about can hold one of them (each state day is
-- from the first day to the last).
spans as (
    select s.offer_id, s.field, s.valid_from, s.valid_to, s.value
    from {{ ref('offer_field_spans') }} as s
    semi join in_scope as i on i.offer_id = s.offer_id
    where
        s.open_until > cast(list_min($as_of_days) as date)
        and s.sent_date <= cast(list_max($as_of_days) as date)
        and s.valid_to > cast(list_min($as_of_days) as date)
        and s.valid_from <= cast(list_max($as_of_days) as date)
        and s.field in ('value', 'expected_close_date')
),

value_spans as (select * from spans where field = 'value'),
expected_spans as (select * from spans where field = 'expected_close_date')

select
    w.offer_id,
    w.seller_id,
    w.customer_id,
    w.sent_date,
    w.status,
    w.closed_date,
    w.day,
    w.state_day,
    w.sent_date <= w.day and (w.status = 'open' or w.closed_date is null or w.closed_date > w.day) as open_on_day,
    case when v.offer_id is null then w.value else cast(v.value as double) end as value,
    case when e.offer_id is null then w.expected_close_date else cast(e.value as date) end as expected_close_date,
    w.stage as stage_today
from wanted as w
left join value_spans as v on v.offer_id = w.offer_id and w.state_day >= v.valid_from and w.state_day < v.valid_to
left join expected_spans as e on e.offer_id = w.offer_id and w.state_day >= e.valid_from and w.state_day < e.valid_to
