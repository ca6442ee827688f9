-- The scorecard's seller rows: for each period of $periods, one row per seller of $teams
-- (of every team when $teams is null), active or not unless $active_only, with zeros when
-- nothing happened: activity (MSL), conversion, sales against target and pipeline thinness.
-- $periods is a list of {date_from, date_to, as_of}: the work and deals in [date_from, date_to]
-- and the pipeline as it stood on as_of (date_to when null); `period` is the period's place in
-- the list (1, 2, ...). One period is the scorecard of the team overview and pipeline pages
-- (SalesCoach.scorecard); the seller page asks for the period, the 12 months of its trend and
-- the 90 days before each 1:1 in one call (salescoach/seller_view.py).
-- Every column is a measure of queries/measures.yaml over the seller's row of the model, whose
-- steps (required coverage, the per-seller measures) it reads as columns
-- (queries/scorecard_seller_rows.sql); queries/scorecard_by_grain.sql gives the same columns
-- for teams and all teams too. Definitions: README, "Metric definitions".
with
seller_rows as {{ ref('scorecard_seller_rows') }}

select
    period,
    seller_id,
    seller,
    team,
    manager,
    active,
    {{ seller_measure('activities') }} as activities,
    {{ seller_measure('meetings') }} as meetings,
    {{ seller_measure('calls') }} as calls,
    {{ seller_measure('meetings_target') }} as meetings_target,
    {{ seller_measure('new_business_share') }} as new_business_share,
    {{ seller_measure('needs_share') }} as needs_share,
    {{ seller_measure('offers_sent') }} as offers_sent,
    {{ seller_measure('offers_won') }} as offers_won,
    {{ seller_measure('offers_lost') }} as offers_lost,
    {{ seller_measure('won_value') }} as won_value,
    {{ seller_measure('lost_value') }} as lost_value,
    {{ seller_measure('hit_rate') }} as hit_rate,
    {{ seller_measure('value_hit_rate') }} as value_hit_rate,
    {{ seller_measure('offers_per_win') }} as offers_per_win,
    {{ seller_measure('meeting_to_offer') }} as meeting_to_offer,
    {{ seller_measure('sales') }} as sales,
    {{ seller_measure('sales_target') }} as sales_target,
    {{ seller_measure('sales_vs_target') }} as sales_vs_target,
    {{ seller_measure('open_offers') }} as open_offers,
    {{ seller_measure('open_pipeline') }} as open_pipeline,
    {{ seller_measure('weighted_pipeline') }} as weighted_pipeline,
    {{ seller_measure('overdue_offers') }} as overdue_offers,
    {{ seller_measure('quarter_target') }} as quarter_target,
    {{ seller_measure('quarter_sales') }} as quarter_sales,
    {{ seller_measure('quarter_remaining_target') }} as quarter_remaining_target,
    {{ seller_measure('quarter_pipeline') }} as quarter_pipeline,
    {{ seller_measure('pipeline_coverage') }} as pipeline_coverage,
    {{ seller_measure('value_hit_rate_12m') }} as value_hit_rate_12m,
    {{ seller_measure('required_coverage') }} as required_coverage,
    {{ seller_measure('thin') }} as thin,
    {{ seller_measure('pipeline_gap') }} as pipeline_gap,
    {{ seller_measure('avg_offer_value') }} as avg_offer_value,
    {{ seller_measure('offers_needed') }} as offers_needed,
    {{ seller_measure('next_quarter_target') }} as next_quarter_target,
    {{ seller_measure('next_quarter_pipeline') }} as next_quarter_pipeline,
    {{ seller_measure('next_quarter_coverage') }} as next_quarter_coverage,
    {{ seller_measure('thin_next_quarter') }} as thin_next_quarter,
    {{ seller_measure('next_quarter_gap') }} as next_quarter_gap,
    {{ seller_measure('next_quarter_offers_needed') }} as next_quarter_offers_needed
from seller_rows
order by period, team, seller, seller_id
