-- The funnel meetings -> offers sent -> offers won in the period [date_from, date_to], per
-- seller, per team and for everyone filtered (column level: seller | team | all), with hit
-- rate by count and by value and offers per win. Same definitions as seller_scorecard.sql:
-- meetings done, offers by sent date, won and lost offers by closing date.
-- Every filtered active seller appears, with zeros; a seller who left appears when they met
-- or offered in the period. Filters: $teams (a list of team names) and $seller_id, null = all.
with
bounds as (
    select cast($date_from as date) as date_from, cast($date_to as date) as date_to
),

filtered_sellers as (
    select s.seller_id, s.name as seller, s.team, s.active
    from sellers as s
    where ($teams is null or list_contains($teams, s.team)) and ($seller_id is null or s.seller_id = $seller_id)
),

meeting_counts as (
    select a.seller_id, count(*) as meetings
    from activities as a
    cross join bounds as b
    where a.status = 'done' and a.type = 'meeting' and a.date between b.date_from and b.date_to
    group by a.seller_id
),

offer_counts as (
    select
        o.seller_id,
        count(*) filter (where o.sent_date between b.date_from and b.date_to) as offers_sent,
        count(*) filter (where o.status = 'won' and o.closed_date between b.date_from and b.date_to)
            as offers_won,
        count(*) filter (where o.status = 'lost' and o.closed_date between b.date_from and b.date_to)
            as offers_lost,
        coalesce(sum(o.value) filter (where o.status = 'won' and o.closed_date between b.date_from and b.date_to), 0)
            as won_value,
        coalesce(sum(o.value) filter (where o.status = 'lost' and o.closed_date between b.date_from and b.date_to), 0)
            as lost_value
    from offers as o
    cross join bounds as b
    group by o.seller_id
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
    meetings,
    offers_sent,
    offers_won,
    offers_lost,
    won_value,
    lost_value,
    offers_won / nullif(offers_won + offers_lost, 0) as hit_rate,
    won_value / nullif(won_value + lost_value, 0) as value_hit_rate,
    (offers_won + offers_lost) / nullif(offers_won, 0) as offers_per_win,
    offers_sent / nullif(meetings, 0) as meeting_to_offer
from grouped
order by
    case level when 'seller' then 1 when 'team' then 2 else 3 end,
    team,
    seller,
    seller_id
