-- The sales cycle at every grain: one row per seller ('seller'), per team ('team') and for all
-- teams chosen ('all'), as $grains asks, for the sellers of $teams (every team when null): the
-- offers won and lost in [$date_from, $date_to] and the average days from sending to closing of
-- each (sales_cycle_won, sales_cycle_lost; empty when none closed). A team's average is its
-- sellers' days summed over their offers (queries/sales_cycle_facts.sql), not an average of
-- averages. Definitions: README, "Metric definitions".
with
seller_rows as (
    select 'seller' as grain, f.*
    from {{ ref('sales_cycle_facts') }} as f
),

-- Every fact of the model sales_cycle_facts is summed below (tests/test_semantic_layer.py).
by_grain as (
    select * from seller_rows
    where list_contains($grains, 'seller')

    union all by name

    select
        case when grouping(team) = 0 then 'team' else 'all' end as grain,
        team,
        cast(sum(offers_won) as bigint) as offers_won,
        cast(sum(offers_lost) as bigint) as offers_lost,
        cast(sum(won_cycle_days) as bigint) as won_cycle_days,
        cast(sum(lost_cycle_days) as bigint) as lost_cycle_days
    from seller_rows
    where list_contains($grains, 'team') or list_contains($grains, 'all')
    group by grouping sets ((team), ())
    having count(*) > 0  -- no sellers chosen: no rows, not an all-teams row of nulls
)

select
    grain,
    seller_id,
    seller,
    team,
    manager,
    active,
    {{ measure('offers_won') }} as offers_won,
    {{ measure('sales_cycle_won') }} as sales_cycle_won,
    {{ measure('offers_lost') }} as offers_lost,
    {{ measure('sales_cycle_lost') }} as sales_cycle_lost
from by_grain
where list_contains($grains, grain)
order by case grain when 'seller' then 1 when 'team' then 2 else 3 end, team, seller, seller_id
