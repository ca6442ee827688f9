-- The funnel meetings -> offers sent -> offers won in the period [date_from, date_to], per
-- seller, per team and for everyone filtered (column level: seller | team | all), with hit
-- rate by count and by value, offers per win and meeting to offer. The facts are the
-- scorecard's (done meetings, offers by sent date, won and lost offers by closing date), read
-- from the same day-grain base relations, and every column is a measure of
-- queries/measures.yaml over the row's summed facts (a team's ratio is Σ / Σ).
-- Every filtered active seller appears, with zeros; a seller who left appears when they met
-- or offered in the period. Filters: $teams (a list of team names) and $seller_id, null = all.
with
filtered_sellers as (
    select s.seller_id, s.name as seller, s.team, s.active
    from sellers as s
    where ($teams is null or list_contains($teams, s.team)) and ($seller_id is null or s.seller_id = $seller_id)
),

meeting_counts as (
    select a.seller_id, cast(sum(a.meetings) as bigint) as meetings
    from {{ ref('activity_by_seller_day') }} as a
    where a.date between cast($date_from as date) and cast($date_to as date)
    group by a.seller_id
),

offer_counts as (
    select
        f.seller_id,
        cast(sum(f.offers_sent) as bigint) as offers_sent,
        cast(sum(f.offers_won) as bigint) as offers_won,
        cast(sum(f.offers_lost) as bigint) as offers_lost,
        sum(f.won_value) as won_value,
        sum(f.lost_value) as lost_value
    from {{ ref('offer_flow_by_seller_day') }} as f
    where f.day between cast($date_from as date) and cast($date_to as date)
    group by f.seller_id
),

per_seller as (
    select
        s.seller_id,
        s.seller,
        s.team,
        coalesce(m.meetings, 0) as meetings,
        coalesce(o.offers_sent, 0) as offers_sent,
        coalesce(o.offers_won, 0) as offers_won,
        coalesce(o.offers_lost, 0) as offers_lost,
        coalesce(o.won_value, 0) as won_value,
        coalesce(o.lost_value, 0) as lost_value
    from filtered_sellers as s
    left join meeting_counts as m on m.seller_id = s.seller_id
    left join offer_counts as o on o.seller_id = s.seller_id
    -- sellers at work in the period: active ones, and those who left but met or offered in it
    where
        s.active
        or coalesce(m.meetings, 0) + coalesce(o.offers_sent, 0) + coalesce(o.offers_won, 0) + coalesce(o.offers_lost, 0)
        > 0
),

grouped as (
    select
        case
            when grouping(seller_id) = 0 then 'seller'
            when grouping(team) = 0 then 'team'
            else 'all'
        end as level,
        team,
        seller_id,
        seller,
        cast(sum(meetings) as bigint) as meetings,
        cast(sum(offers_sent) as bigint) as offers_sent,
        cast(sum(offers_won) as bigint) as offers_won,
        cast(sum(offers_lost) as bigint) as offers_lost,
        sum(won_value) as won_value,
        sum(lost_value) as lost_value
    from per_seller
    group by grouping sets ((team, seller_id, seller), (team), ())
    having count(*) > 0
)

select
    level,
    team,
    seller_id,
    seller,
    {{ measure('meetings') }} as meetings,
    {{ measure('offers_sent') }} as offers_sent,
    {{ measure('offers_won') }} as offers_won,
    {{ measure('offers_lost') }} as offers_lost,
    {{ measure('won_value') }} as won_value,
    {{ measure('lost_value') }} as lost_value,
    {{ measure('hit_rate') }} as hit_rate,
    {{ measure('value_hit_rate') }} as value_hit_rate,
    {{ measure('offers_per_win') }} as offers_per_win,
    {{ measure('meeting_to_offer') }} as meeting_to_offer
from grouped
order by
    case level when 'seller' then 1 when 'team' then 2 else 3 end,
    team,
    seller,
    seller_id
