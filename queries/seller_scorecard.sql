-- The scorecard's seller rows: for each period of $periods, one row per seller of $teams
-- (of every team when $teams is null), active or not unless $active_only, with zeros when
-- nothing happened: activity (MSL), conversion, sales against target and pipeline thinness.
-- $periods is a list of {date_from, date_to, as_of}: the work and deals in [date_from, date_to]
-- and the pipeline as it stood on as_of (date_to when null); `period` is the period's place in
-- the list (1, 2, ...). One period is the scorecard of the team overview and pipeline pages
-- (SalesCoach.scorecard); the seller page asks for the period, the 12 months of its trend and
-- the 90 days before each 1:1 in one call (salescoach/seller_view.py).
-- Every column is a measure of queries/measures.yaml over the seller's row of the model
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
    {{ measure('activities') }} as activities,
    {{ measure('meetings') }} as meetings,
    {{ measure('calls') }} as calls,
    {{ measure('meetings_target') }} as meetings_target,
    {{ measure('new_business_share') }} as new_business_share,
    {{ measure('needs_share') }} as needs_share,
    {{ measure('offers_sent') }} as offers_sent,
    {{ measure('offers_won') }} as offers_won,
    {{ measure('offers_lost') }} as offers_lost,
    {{ measure('won_value') }} as won_value,
    {{ measure('lost_value') }} as lost_value,
    {{ measure('hit_rate') }} as hit_rate,
    {{ measure('value_hit_rate') }} as value_hit_rate,
    {{ measure('offers_per_win') }} as offers_per_win,
    {{ measure('meeting_to_offer') }} as meeting_to_offer,
    {{ measure('sales') }} as sales,
    {{ measure('sales_target') }} as sales_target,
    {{ measure('sales_vs_target') }} as sales_vs_target,
    {{ measure('open_offers') }} as open_offers,
    {{ measure('open_pipeline') }} as open_pipeline,
    {{ measure('weighted_pipeline') }} as weighted_pipeline,
    {{ measure('overdue_offers') }} as overdue_offers,
    {{ measure('quarter_target') }} as quarter_target,
    {{ measure('quarter_sales') }} as quarter_sales,
    {{ measure('quarter_remaining_target') }} as quarter_remaining_target,
    {{ measure('quarter_pipeline') }} as quarter_pipeline,
    {{ measure('pipeline_coverage') }} as pipeline_coverage,
    {{ measure('value_hit_rate_12m') }} as value_hit_rate_12m,
    {{ measure('required_coverage') }} as required_coverage,
    {{ measure('thin') }} as thin,
    {{ measure('pipeline_gap') }} as pipeline_gap,
    {{ measure('avg_offer_value') }} as avg_offer_value,
    {{ measure('offers_needed') }} as offers_needed
from seller_rows
order by period, team, seller, seller_id
