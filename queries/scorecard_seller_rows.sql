-- Model: each seller's row of the scorecard, one per seller and period (grain: seller x period):
-- the seller's facts (queries/scorecard_facts.sql), their team's facts for the measures a
-- seller without a value of their own takes from the team, and the per-seller measures
-- (queries/measures.yaml, per_seller), which a team's and all teams' rows sum.
-- Parameters: $periods and $teams as in queries/scorecard_facts.sql; $active_only (true)
-- leaves out the sellers who left (after their team's facts are summed: a seller's numbers
-- never depend on which rows are shown).
-- Read by queries/seller_scorecard.sql (the seller rows) and queries/scorecard_by_grain.sql
-- (seller, team and all-teams rows).
with
facts as {{ ref('scorecard_facts') }},

-- The facts of each seller's whole team (every seller of it, whatever $active_only says), for
-- the measures a seller without a value of their own takes from the team (seller_fallback in
-- queries/measures.yaml). A team's figures never depend on another team.
team_facts as (
    select
        f.period,
        f.team,
        sum(f.won_value_12m) as team_won_value_12m,
        sum(f.lost_value_12m) as team_lost_value_12m,
        sum(f.sent_value_12m) as team_sent_value_12m,
        cast(sum(f.sent_count_12m) as bigint) as team_sent_count_12m
    from facts as f
    group by f.period, f.team
),

seller_facts as (
    select
        f.*,
        'seller' as grain,
        t.team_won_value_12m,
        t.team_lost_value_12m,
        t.team_sent_value_12m,
        t.team_sent_count_12m,
        {{ seller_step('required_coverage') }} as required_coverage,
        {{ seller_step('avg_offer_value') }} as avg_offer_value
    from facts as f
    left join team_facts as t on t.period = f.period and t.team = f.team
    where $active_only is not true or f.active
)

-- The per-seller measures: steps a sum cannot do, computed for each seller, summed above.
select
    *,
    {{ seller_step('sales_with_target') }} as sales_with_target,
    {{ seller_step('weighted_pipeline') }} as weighted_pipeline,
    {{ seller_step('left_to_sell') }} as left_to_sell,
    {{ seller_step('left_to_sell_pipeline') }} as left_to_sell_pipeline,
    {{ seller_step('thin_sellers') }} as thin_sellers,
    {{ seller_step('pipeline_gap') }} as pipeline_gap,
    {{ seller_step('offers_needed') }} as offers_needed,
    {{ seller_step('next_quarter_pipeline_with_target') }} as next_quarter_pipeline_with_target,
    {{ seller_step('thin_next_quarter_sellers') }} as thin_next_quarter_sellers,
    {{ seller_step('next_quarter_gap') }} as next_quarter_gap,
    {{ seller_step('next_quarter_offers_needed') }} as next_quarter_offers_needed
from seller_facts
