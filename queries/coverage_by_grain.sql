-- Coverage of this and next quarter as it stood on each day of $as_of_days (this quarter: the
-- last day's, next quarter: the one after), per seller ('seller'), per team ('team') and for all
-- teams chosen ('all') as $grains asks, for the sellers of $teams (every team when null).
-- pipeline_coverage is the scorecard's measure over the pipeline as it stood: the pipeline of the
-- sellers who still had target left / what they had left to sell; next_quarter_coverage the
-- next quarter's pipeline of the sellers with a target there / their targets. The per-seller
-- steps are computed on each seller's row and summed (queries/measures.yaml, per_seller).
with
seller_rows as (
    select
        'seller' as grain,
        f.*,
        {{ seller_step('left_to_sell') }} as left_to_sell,
        {{ seller_step('left_to_sell_pipeline') }} as left_to_sell_pipeline,
        {{ seller_step('next_quarter_pipeline_with_target') }} as next_quarter_pipeline_with_target
    from {{ ref('coverage_facts') }} as f
),

-- Every fact of the model coverage_facts and each per-seller step is summed below.
by_grain as (
    select * from seller_rows
    where list_contains($grains, 'seller')

    union all by name

    select
        case when grouping(team) = 0 then 'team' else 'all' end as grain,
        team,
        day,
        sum(quarter_pipeline) as quarter_pipeline,
        sum(quarter_target) as quarter_target,
        sum(quarter_sales) as quarter_sales,
        sum(next_quarter_pipeline) as next_quarter_pipeline,
        sum(next_quarter_target) as next_quarter_target,
        sum(left_to_sell) as left_to_sell,
        sum(left_to_sell_pipeline) as left_to_sell_pipeline,
        sum(next_quarter_pipeline_with_target) as next_quarter_pipeline_with_target
    from seller_rows
    where list_contains($grains, 'team') or list_contains($grains, 'all')
    group by grouping sets ((team, day), (day))
)

select
    grain,
    day,
    seller_id,
    seller,
    team,
    manager,
    active,
    {{ measure('quarter_pipeline') }} as quarter_pipeline,
    {{ measure('quarter_target') }} as quarter_target,
    {{ measure('quarter_sales') }} as quarter_sales,
    {{ measure('pipeline_coverage') }} as pipeline_coverage,
    {{ measure('next_quarter_pipeline') }} as next_quarter_pipeline,
    {{ measure('next_quarter_target') }} as next_quarter_target,
    {{ measure('next_quarter_coverage') }} as next_quarter_coverage
from by_grain
where list_contains($grains, grain)
order by day, case grain when 'seller' then 1 when 'team' then 2 else 3 end, team, seller, seller_id
