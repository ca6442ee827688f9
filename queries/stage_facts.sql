-- Model: the facts of the sales stages, grain seller x stage: every seller of $teams (every team
-- when null) and every open stage, with zeros when nothing happened.
-- The open stages and their places are queries/stage_orders.sql's (a rollup).
-- Conversion, over the offers won or lost in [$date_from, $date_to] that held an open stage
-- (today's stage, or one their history names): an offer reached its furthest open stage and
-- every earlier one, a won offer every stage; it moved on from a stage when it reached a later
-- one or was won. offers_reached, offers_moved_on and stage_won_offers count them per stage.
-- Time in stage, over the offers open on as-of ($as_of_days, one day): each in its stage as of
-- that day since its newest stage change on or before it, else since it was sent
-- (queries/offer_stage_states.sql); stalled when that is more than $stalled_days days.
-- queries/stages_by_grain.sql sums these per team and for all teams.
with
states as {{ ref('offer_stage_states') }},

open_stages as (
    select o.stage, o.stage_order from {{ ref('stage_orders') }} as o
),

chosen_sellers as (
    select s.seller_id, s.name, s.team, s.manager, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

decided as (
    select o.offer_id, o.seller_id, o.status, o.stage
    from offers as o
    semi join chosen_sellers as s on s.seller_id = o.seller_id
    where o.status in ('won', 'lost') and o.closed_date between cast($date_from as date) and cast($date_to as date)
),

-- Every stage a decided offer held: today's, and each value of its stage history (the spans'
-- values are the oldest old value and each new one); the spans of an offer decided in the period
-- have open_until in it, so the rollup's order skips the rest.
held as (
    select d.offer_id, d.stage from decided as d
    union
    select s.offer_id, s.value
    from {{ ref('offer_field_spans') }} as s
    semi join decided as d on d.offer_id = s.offer_id
    where
        s.field = 'stage'
        and s.open_until between cast($date_from as date) and cast($date_to as date)
),

furthest as (
    select d.offer_id, d.seller_id, d.status = 'won' as won, max(s.stage_order) as furthest_order
    from decided as d
    inner join held as h on h.offer_id = d.offer_id
    inner join open_stages as s on s.stage = h.stage
    group by d.offer_id, d.seller_id, d.status
),

reached as (
    select
        f.seller_id,
        s.stage,
        count(*) as offers_reached,
        count(case when f.won or f.furthest_order > s.stage_order then 1 end) as offers_moved_on,
        count(case when f.won then 1 end) as stage_won_offers
    from furthest as f
    inner join open_stages as s on f.won or f.furthest_order >= s.stage_order
    group by f.seller_id, s.stage
),

in_stage as (
    select
        st.seller_id,
        st.stage,
        st.value,
        date_diff('day', coalesce(st.stage_since, st.sent_date), st.day) as days_in_stage
    from states as st
    where st.open_on_day and st.stage is not null
),

current as (
    select
        i.seller_id,
        i.stage,
        count(*) as stage_offers,
        sum(i.value) as stage_value,
        sum(i.days_in_stage) as stage_days,
        count(case when i.days_in_stage > $stalled_days then 1 end) as stalled_offers,
        sum(case when i.days_in_stage > $stalled_days then i.value end) as stalled_value
    from in_stage as i
    group by i.seller_id, i.stage
)

select
    s.seller_id,
    s.name as seller,
    s.team,
    s.manager,
    s.active,
    g.stage,
    g.stage_order,
    coalesce(r.offers_reached, 0) as offers_reached,
    coalesce(r.offers_moved_on, 0) as offers_moved_on,
    coalesce(r.stage_won_offers, 0) as stage_won_offers,
    coalesce(c.stage_offers, 0) as stage_offers,
    coalesce(c.stage_value, 0) as stage_value,
    coalesce(c.stage_days, 0) as stage_days,
    coalesce(c.stalled_offers, 0) as stalled_offers,
    coalesce(c.stalled_value, 0) as stalled_value
from chosen_sellers as s
cross join open_stages as g
left join reached as r on r.seller_id = s.seller_id and r.stage = g.stage
left join current as c on c.seller_id = s.seller_id and c.stage = g.stage
