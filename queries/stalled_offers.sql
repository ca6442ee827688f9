-- The offers open on as-of ($as_of_days, one day) that have been in their stage more than
-- $stalled_days days (queries/stage_facts.sql counts them), longest first, for the sellers of
-- $teams (every team when null) and $seller_id (null = all): each in its stage as of that day
-- since its newest stage change on or before it, else since it was sent (in_stage_since is then
-- the sent date). The $limit longest first, with offers_listed the number stalled, listed or not.
with
states as {{ ref('offer_stage_states') }}

select
    st.offer_id,
    st.seller_id,
    s.name as seller,
    s.team,
    cu.name as customer,
    st.stage,
    coalesce(st.stage_since, st.sent_date) as in_stage_since,
    date_diff('day', coalesce(st.stage_since, st.sent_date), st.day) as days_in_stage,
    st.value,
    st.expected_close_date,
    count(*) over () as offers_listed
from states as st
inner join sellers as s on s.seller_id = st.seller_id
left join customers as cu on cu.customer_id = st.customer_id
where
    st.open_on_day
    and st.stage is not null
    and date_diff('day', coalesce(st.stage_since, st.sent_date), st.day) > $stalled_days
    and ($seller_id is null or st.seller_id = $seller_id)
order by days_in_stage desc, st.value desc, st.offer_id
limit $limit
