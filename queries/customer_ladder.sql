-- The customer ladder on $as_of ("100 prospects -> 20 customers -> 4 regular customers"): the
-- customers each seller met (a done meeting) or sold to (a deal) in the 12 months before
-- $as_of, (as_of - 12 months, as_of], by their step on $as_of (whoever sold to them):
--   prospect          no deal closed on or before $as_of
--   customer          a deal, but fewer than 2 deals closed in the 24 months before $as_of
--   regular customer  2 or more deals closed in (as_of - 24 months, as_of]
-- Rows per seller, per team and for every team chosen (column grain: seller | team | all,
-- $grains); a team counts each customer once, however many of its sellers met them. Every
-- seller of $teams (null: every team) appears, with zeros. README, "The coaching loop".
with
bounds as (
    select
        cast($as_of as date) as as_of,
        cast(cast($as_of as date) - interval 12 month as date) as year_before,
        cast(cast($as_of as date) - interval 24 month as date) as two_years_before
),

chosen_sellers as (
    select s.seller_id, s.name as seller, s.team
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

touched as (
    select a.seller_id, a.customer_id
    from activities as a, bounds as b
    where
        a.type = 'meeting' and a.status = 'done' and a.customer_id is not null
        and a.date > b.year_before and a.date <= b.as_of
    union
    select d.seller_id, d.customer_id
    from deals as d, bounds as b
    where d.customer_id is not null and d.close_date > b.year_before and d.close_date <= b.as_of
),

deal_counts as (
    select
        d.customer_id,
        count(*) as deals,
        count(*) filter (where d.close_date > b.two_years_before) as deals_24m
    from deals as d, bounds as b
    where d.customer_id is not null and d.close_date <= b.as_of
    group by d.customer_id
),

steps as (
    select
        t.seller_id,
        t.customer_id,
        case
            when coalesce(c.deals, 0) = 0 then 'prospect'
            when c.deals_24m >= 2 then 'regular_customer'
            else 'customer'
        end as step
    from touched as t
    left join deal_counts as c on c.customer_id = t.customer_id
),

by_seller as (
    select
        'seller' as grain,
        s.seller_id,
        s.seller,
        s.team,
        count(distinct st.customer_id) filter (where st.step = 'prospect') as prospects,
        count(distinct st.customer_id) filter (where st.step = 'customer') as customers,
        count(distinct st.customer_id) filter (where st.step = 'regular_customer') as regular_customers
    from chosen_sellers as s
    left join steps as st on st.seller_id = s.seller_id
    group by s.seller_id, s.seller, s.team
),

by_team as (
    select
        'team' as grain,
        cast(null as varchar) as seller_id,
        cast(null as varchar) as seller,
        s.team,
        count(distinct st.customer_id) filter (where st.step = 'prospect') as prospects,
        count(distinct st.customer_id) filter (where st.step = 'customer') as customers,
        count(distinct st.customer_id) filter (where st.step = 'regular_customer') as regular_customers
    from chosen_sellers as s
    left join steps as st on st.seller_id = s.seller_id
    group by s.team
),

for_all as (
    select
        'all' as grain,
        cast(null as varchar) as seller_id,
        cast(null as varchar) as seller,
        cast(null as varchar) as team,
        count(distinct st.customer_id) filter (where st.step = 'prospect') as prospects,
        count(distinct st.customer_id) filter (where st.step = 'customer') as customers,
        count(distinct st.customer_id) filter (where st.step = 'regular_customer') as regular_customers
    from chosen_sellers as s
    left join steps as st on st.seller_id = s.seller_id
),

unioned as (
    select * from by_seller
    union all
    select * from by_team
    union all
    select * from for_all
)

select
    u.grain,
    u.seller_id,
    u.seller,
    u.team,
    cast(u.prospects as bigint) as prospects,
    cast(u.customers as bigint) as customers,
    cast(u.regular_customers as bigint) as regular_customers
from unioned as u
where list_contains($grains, u.grain)
order by
    case u.grain when 'seller' then 0 when 'team' then 1 else 2 end,
    u.team nulls last, u.seller, u.seller_id
