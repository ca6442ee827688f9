-- Base relation: each offer field's value between its recorded changes (offer_history), one row
-- per span of days: from a change (on its day, `since`) to the next change of that field its new
-- value, and before the first change, from 1900, that change's old value. A field as of a day is
-- the value of the span holding the day; a field without changes has no span (it is the offer's
-- value today): the rule of salescoach/history.py. Each row also has the offer's sent date and
-- the day it stops being open, `open_until`: its closed date when won or lost, else 9999-12-31
-- (open on a day = sent by then and open_until after it, as every pipeline measure counts it).
-- Materialised as the table offer_field_spans (queries/refresh_rollups.sql), ordered by
-- open_until, so a question about the offers open on or after a day reads only the row groups of
-- those offers (DuckDB skips a row group whose largest open_until is too early; most of a long
-- history belongs to offers closed long ago). Read as ref('offer_field_spans').
with
history as (
    select
        h.offer_id,
        h.field,
        h.changed_on,
        h.old_value,
        h.new_value,
        o.sent_date,
        case
            when o.status in ('won', 'lost') and o.closed_date is not null then o.closed_date
            else date '9999-12-31'
        end as open_until
    from offer_history as h
    inner join offers as o on o.offer_id = h.offer_id
)

select
    h.offer_id,
    h.field,
    h.changed_on as valid_from,
    coalesce(lead(h.changed_on) over changes, date '9999-12-31') as valid_to,
    h.new_value as value,
    h.changed_on as since,
    h.sent_date,
    h.open_until
from history as h
window changes as (partition by h.offer_id, h.field order by h.changed_on)

union all

select
    h.offer_id,
    h.field,
    date '1900-01-01' as valid_from,
    min(h.changed_on) as valid_to,
    arg_min_null(h.old_value, h.changed_on) as value,
    null::date as since,
    any_value(h.sent_date) as sent_date,
    any_value(h.open_until) as open_until
from history as h
group by h.offer_id, h.field
