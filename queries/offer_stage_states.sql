-- Model: the offers as they stood on each day of $as_of_days (queries/offer_states.sql, grain
-- offer x day, for the sellers of $teams) with the stage each was in then and `stage_since`, the
-- day it entered it: the stage as of the day is the value of the stage span holding it
-- (queries/offer_field_spans.sql: the newest stage change on or before the day, else the oldest
-- change's old value), else the stage today; stage_since is that newest change's day, null when
-- the offer has had the stage since before any recorded change (the query using it says what it
-- takes instead). Read by queries/stage_facts.sql and queries/stalled_offers.sql.
with
states as {{ ref('offer_states') }},

stage_spans as (
    select s.offer_id, s.valid_from, s.valid_to, s.value, s.since
    from {{ ref('offer_field_spans') }} as s
    semi join (select distinct st.offer_id from states as st) as i on i.offer_id = s.offer_id
    where
        s.field = 'stage'
        and s.open_until > cast(list_min($as_of_days) as date)
        and s.sent_date <= cast(list_max($as_of_days) as date)
        and s.valid_to > cast(list_min($as_of_days) as date)
        and s.valid_from <= cast(list_max($as_of_days) as date)
)

select
    st.*,
    case when g.offer_id is null then st.stage_today else g.value end as stage,
    g.since as stage_since
from states as st
left join stage_spans as g
    on g.offer_id = st.offer_id and st.state_day >= g.valid_from and st.state_day < g.valid_to
