-- Model: the offers as they stood on each day of $as_of_days (a list of dates), grain offer x
-- day: for every offer of a seller of $teams (every team when null) sent by the last day and not
-- closed before the first one, one row per day with its value, expected close date and stage as
-- of the later of that day and its sent date (`state_day`), and the day it entered that stage.
-- A field as of a day (offer_history, salescoach/history.py): the newest change on or before the
-- day, else the oldest change's old value, else the offer's value today. A stage's entry day is
-- that newest stage change's day; null when the offer has had the stage since before any recorded
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

wanted as (
    select i.offer_id, d.day, greatest(d.day, i.sent_date) as state_day
    from in_scope as i
    cross join days as d
),

history as (
    select h.offer_id, h.field, h.changed_on, h.old_value, h.new_value
    from offer_history as h
    semi join in_scope as i on i.offer_id = h.offer_id
    where h.field in ('value', 'expected_close_date', 'stage')
),

-- Per offer, day and field with history: the newest change on or before the state day (its day
-- and new value) and the oldest change's old value.
found as (
    select
        w.offer_id,
        w.day,
        h.field,
        max(h.changed_on) filter (where h.changed_on <= w.state_day) as changed_on,
        arg_max_null(h.new_value, h.changed_on) filter (where h.changed_on <= w.state_day) as newest_value,
        arg_min_null(h.old_value, h.changed_on) as oldest_old_value
    from wanted as w
    inner join history as h on h.offer_id = w.offer_id
    group by w.offer_id, w.day, h.field
),

as_of as (
    select
        f.offer_id,
        f.day,
        bool_or(f.field = 'value') as value_has_history,
        max(case when f.changed_on is null then f.oldest_old_value else f.newest_value end)
            filter (where f.field = 'value') as value_text,
        bool_or(f.field = 'expected_close_date') as expected_has_history,
        max(case when f.changed_on is null then f.oldest_old_value else f.newest_value end)
            filter (where f.field = 'expected_close_date') as expected_text,
        bool_or(f.field = 'stage') as stage_has_history,
        max(case when f.changed_on is null then f.oldest_old_value else f.newest_value end)
            filter (where f.field = 'stage') as stage_text,
        max(f.changed_on) filter (where f.field = 'stage') as stage_since
    from found as f
    group by f.offer_id, f.day
)

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
    case when a.value_has_history then cast(a.value_text as double) else i.value end as value,
    case when a.expected_has_history then cast(a.expected_text as date) else i.expected_close_date end
        as expected_close_date,
    case when a.stage_has_history then a.stage_text else i.stage end as stage,
    a.stage_since
from in_scope as i
inner join wanted as w on w.offer_id = i.offer_id
left join as_of as a on a.offer_id = w.offer_id and a.day = w.day
