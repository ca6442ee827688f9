-- The sales stages at every grain: for each open stage (in stage_order), one row per seller
-- (grain 'seller'), per team ('team') and for all teams chosen ('all'), as $grains asks, for
-- the sellers of $teams (every team when null): how the offers decided in [$date_from, $date_to]
-- moved through the stages (stage_conversion, stage_win_rate) and the offers open on as-of
-- ($as_of_days) in each stage: how many, their value, the average days in the stage and how many
-- have been in it more than $stalled_days days. A team's row sums its sellers' facts
-- (queries/stage_facts.sql) and computes each measure over the sums. Definitions: README,
-- "Metric definitions".
with
seller_rows as (
    select 'seller' as grain, f.*
    from {{ ref('stage_facts') }} as f
),

-- Every fact of the model stage_facts is summed below (tests/test_semantic_layer.py).
by_grain as (
    select * from seller_rows
    where list_contains($grains, 'seller')

    union all by name

    select
        case when grouping(team) = 0 then 'team' else 'all' end as grain,
        team,
        stage,
        stage_order,
        cast(sum(offers_reached) as bigint) as offers_reached,
        cast(sum(offers_moved_on) as bigint) as offers_moved_on,
        cast(sum(stage_won_offers) as bigint) as stage_won_offers,
        cast(sum(stage_offers) as bigint) as stage_offers,
        sum(stage_value) as stage_value,
        cast(sum(stage_days) as bigint) as stage_days,
        cast(sum(stalled_offers) as bigint) as stalled_offers,
        sum(stalled_value) as stalled_value
    from seller_rows
    where list_contains($grains, 'team') or list_contains($grains, 'all')
    group by grouping sets ((team, stage, stage_order), (stage, stage_order))
)

select
    grain,
    seller_id,
    seller,
    team,
    manager,
    active,
    stage,
    stage_order,
    {{ measure('offers_reached') }} as offers_reached,
    {{ measure('offers_moved_on') }} as offers_moved_on,
    {{ measure('stage_conversion') }} as stage_conversion,
    {{ measure('stage_win_rate') }} as stage_win_rate,
    {{ measure('stage_offers') }} as stage_offers,
    {{ measure('stage_value') }} as stage_value,
    {{ measure('avg_days_in_stage') }} as avg_days_in_stage,
    {{ measure('stalled_offers') }} as stalled_offers,
    {{ measure('stalled_value') }} as stalled_value
from by_grain
where list_contains($grains, grain)
order by case grain when 'seller' then 1 when 'team' then 2 else 3 end, team, seller, seller_id, stage_order, stage
