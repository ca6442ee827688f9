-- The pipeline's changes between two days D1 < D2 (the first and last day of $as_of_days) at
-- every grain: one row per seller (grain 'seller'), per team ('team') and for all teams chosen
-- ('all'), as $grains asks (a list of those words), for the sellers of $teams (every team when
-- null), with zeros when nothing changed. A team's row sums its sellers' facts
-- (queries/pipeline_change_facts.sql) and computes each measure (queries/measures.yaml) over the
-- sums. Seller fields (seller_id, seller, manager, active) are empty above a seller, team too on
-- the all-teams row. SalesCoach.pipeline_changes reads this; `python -m salescoach
-- pipeline-changes` prints its seller rows. Definitions: README, "Metric definitions".
with
seller_rows as (
    select 'seller' as grain, f.*
    from {{ ref('pipeline_change_facts') }} as f
),

-- Every fact of the model pipeline_change_facts is summed below (tests/test_semantic_layer.py).
by_grain as (
    select * from seller_rows
    where list_contains($grains, 'seller')

    union all by name

    select
        case when grouping(team) = 0 then 'team' else 'all' end as grain,
        team,
        cast(sum(start_offers) as bigint) as start_offers,
        sum(start_pipeline) as start_pipeline,
        cast(sum(new_offers) as bigint) as new_offers,
        sum(new_value) as new_value,
        cast(sum(increased_offers) as bigint) as increased_offers,
        sum(increased_value) as increased_value,
        cast(sum(decreased_offers) as bigint) as decreased_offers,
        sum(decreased_value) as decreased_value,
        cast(sum(won_offers) as bigint) as won_offers,
        sum(won_value) as won_value,
        cast(sum(lost_offers) as bigint) as lost_offers,
        sum(lost_value) as lost_value,
        cast(sum(end_offers) as bigint) as end_offers,
        sum(end_pipeline) as end_pipeline,
        cast(sum(pushed_offers) as bigint) as pushed_offers,
        sum(pushed_value) as pushed_value,
        cast(sum(pulled_in_offers) as bigint) as pulled_in_offers,
        sum(pulled_in_value) as pulled_in_value,
        cast(sum(slipped_out_offers) as bigint) as slipped_out_offers,
        sum(slipped_out_value) as slipped_out_value
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
    {{ measure('start_offers') }} as start_offers,
    {{ measure('start_pipeline') }} as start_pipeline,
    {{ measure('new_offers') }} as new_offers,
    {{ measure('new_value') }} as new_value,
    {{ measure('increased_offers') }} as increased_offers,
    {{ measure('increased_value') }} as increased_value,
    {{ measure('decreased_offers') }} as decreased_offers,
    {{ measure('decreased_value') }} as decreased_value,
    {{ measure('won_offers') }} as won_offers,
    {{ measure('won_value') }} as won_value,
    {{ measure('lost_offers') }} as lost_offers,
    {{ measure('lost_value') }} as lost_value,
    {{ measure('end_offers') }} as end_offers,
    {{ measure('end_pipeline') }} as end_pipeline,
    {{ measure('pushed_offers') }} as pushed_offers,
    {{ measure('pushed_value') }} as pushed_value,
    {{ measure('pulled_in_offers') }} as pulled_in_offers,
    {{ measure('pulled_in_value') }} as pulled_in_value,
    {{ measure('slipped_out_offers') }} as slipped_out_offers,
    {{ measure('slipped_out_value') }} as slipped_out_value
from by_grain
where list_contains($grains, grain)
order by case grain when 'seller' then 1 when 'team' then 2 else 3 end, team, seller, seller_id
