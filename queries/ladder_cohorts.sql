-- The ladder conversion of each yearly cohort of first meetings, on $as_of: a customer joins the
-- cohort of the year of their first done meeting (by any seller, on or before $as_of) when no
-- deal had closed with them before that day (a prospect then); of them, how many became
-- customers (a first deal) within 12 months of that meeting, and how many regular customers (2
-- or more deals) within 24 months, counting deals closed on or before $as_of. `complete`: every
-- member's 24 months have passed by $as_of (a younger cohort is still climbing). The cohort
-- belongs to the seller of that first meeting (on a day with several, the first seller id).
-- Rows per seller, per team and for every team chosen (grain, $grains; null $teams: all).
with
bounds as (
    select cast($as_of as date) as as_of
),

first_meetings as (
    select
        a.customer_id,
        min(a.date) as first_met,
        arg_min(a.seller_id, (a.date, a.seller_id)) as seller_id
    from activities as a, bounds as b
    where a.type = 'meeting' and a.status = 'done' and a.customer_id is not null and a.date <= b.as_of
    group by a.customer_id
),

climbed as (
    select
        f.customer_id,
        f.seller_id,
        f.first_met,
        cast(extract(year from f.first_met) as integer) as cohort,
        count(d.deal_id) filter (where d.close_date < f.first_met) as deals_before,
        min(d.close_date) filter (where d.close_date >= f.first_met) as first_deal,
        count(d.deal_id) filter (
            where d.close_date >= f.first_met and d.close_date <= f.first_met + interval 24 month
        ) as deals_24m
    from first_meetings as f
    cross join bounds as b
    left join deals as d on d.customer_id = f.customer_id and d.close_date <= b.as_of
    group by f.customer_id, f.seller_id, f.first_met
),

members as (
    select
        c.*,
        s.name as seller,
        s.team,
        c.first_deal is not null and c.first_deal <= c.first_met + interval 12 month as became_customer,
        c.deals_24m >= 2 as became_regular
    from climbed as c
    inner join sellers as s on s.seller_id = c.seller_id
    where c.deals_before = 0 and ($teams is null or list_contains($teams, s.team))
),

grouped as (
    select
        case
            when grouping(m.seller_id) = 0 then 'seller'
            when grouping(m.team) = 0 then 'team'
            else 'all'
        end as grain,
        m.seller_id,
        any_value(m.seller) as seller,
        m.team,
        m.cohort,
        count(*) as prospects,
        count(*) filter (where m.became_customer) as customers_12m,
        count(*) filter (where m.became_regular) as regular_24m,
        max(m.first_met) + interval 24 month <= any_value(b.as_of) as complete
    from members as m
    cross join bounds as b
    group by grouping sets ((m.cohort, m.team, m.seller_id), (m.cohort, m.team), (m.cohort))
)

select
    g.grain,
    g.seller_id,
    case when g.grain = 'seller' then g.seller end as seller,
    g.team,
    g.cohort,
    cast(g.prospects as bigint) as prospects,
    cast(g.customers_12m as bigint) as customers_12m,
    cast(g.regular_24m as bigint) as regular_24m,
    g.complete
from grouped as g
where list_contains($grains, g.grain)
order by
    case g.grain when 'seller' then 0 when 'team' then 1 else 2 end,
    g.team nulls last,
    case when g.grain = 'seller' then g.seller end nulls last,
    g.seller_id nulls last,
    g.cohort
