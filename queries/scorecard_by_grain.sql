-- The scorecard at every grain, from one model: for each period of $periods, one row per
-- seller (grain 'seller'), per team ('team') and for all teams chosen ('all'), as $grains
-- asks (a list of those words). The sellers are those of $teams (every team when null),
-- active or not, with zeros when nothing happened; $active_only (true) leaves the sellers who
-- left out of the rows and out of their team's and all teams' sums.
-- A team's row sums its sellers' facts (queries/scorecard_facts.sql) and computes every
-- measure (queries/measures.yaml) over those sums, so a ratio is Σ numerator / Σ denominator;
-- the per-seller measures (weighted pipeline, pipeline gap, offers needed, thin sellers) are
-- computed for each seller first (queries/scorecard_seller_rows.sql) and summed. Seller fields
-- (seller_id, seller, manager, active) are empty on team and all-teams rows, team too on
-- all-teams rows. The columns are those of queries/seller_scorecard.sql (the seller rows
-- alone, without the cost of the sums) and grain, sellers, thin_sellers and
-- thin_next_quarter_sellers.
-- SalesCoach.scorecards(..., grain=...) reads this. Definitions: README, "Metric definitions".
with
seller_rows as {{ ref('scorecard_seller_rows') }},

-- The rows of every grain asked for: each seller's own row, and per team and for all teams
-- the sums of their sellers' facts (and of the per-seller measures), per period. Matched by
-- name: a team's row has no seller fields and no team_ facts (its own facts are the team's),
-- so those are empty there. Every fact of queries/measures.yaml is summed below
-- (tests/test_semantic_layer.py checks).
by_grain as (
    select * from seller_rows
    where list_contains($grains, 'seller')

    union all by name

    select
        case when grouping(team) = 0 then 'team' else 'all' end as grain,
        period,
        team,
        cast(sum(sellers) as bigint) as sellers,
        cast(sum(activities) as bigint) as activities,
        cast(sum(meetings) as bigint) as meetings,
        cast(sum(calls) as bigint) as calls,
        cast(sum(customer_meetings) as bigint) as customer_meetings,
        cast(sum(new_business_meetings) as bigint) as new_business_meetings,
        cast(sum(needs_recorded_meetings) as bigint) as needs_recorded_meetings,
        cast(sum(needs_meetings) as bigint) as needs_meetings,
        sum(meetings_target) as meetings_target,
        cast(sum(offers_sent) as bigint) as offers_sent,
        cast(sum(offers_won) as bigint) as offers_won,
        cast(sum(offers_lost) as bigint) as offers_lost,
        sum(won_value) as won_value,
        sum(lost_value) as lost_value,
        sum(sales) as sales,
        sum(sales_target) as sales_target,
        cast(sum(open_offers) as bigint) as open_offers,
        sum(open_pipeline) as open_pipeline,
        sum(weighted_known) as weighted_known,
        sum(unweighted_open_value) as unweighted_open_value,
        cast(sum(overdue_offers) as bigint) as overdue_offers,
        sum(quarter_pipeline) as quarter_pipeline,
        sum(quarter_target) as quarter_target,
        sum(quarter_sales) as quarter_sales,
        sum(next_quarter_pipeline) as next_quarter_pipeline,
        sum(next_quarter_target) as next_quarter_target,
        sum(won_value_12m) as won_value_12m,
        sum(lost_value_12m) as lost_value_12m,
        sum(sent_value_12m) as sent_value_12m,
        cast(sum(sent_count_12m) as bigint) as sent_count_12m,
        -- per-seller measures: the sum over the row's sellers
        sum(sales_with_target) as sales_with_target,
        sum(weighted_pipeline) as weighted_pipeline,
        sum(left_to_sell) as left_to_sell,
        sum(left_to_sell_pipeline) as left_to_sell_pipeline,
        cast(sum(thin_sellers) as bigint) as thin_sellers,
        sum(pipeline_gap) as pipeline_gap,
        -- over the sellers with a target (who have a gap, maybe 0); unknown for one of them (a
        -- gap but no offer value to divide by): unknown for the sum
        case when count(offers_needed) = count(pipeline_gap) then sum(offers_needed) end as offers_needed,
        sum(next_quarter_pipeline_with_target) as next_quarter_pipeline_with_target,
        cast(sum(thin_next_quarter_sellers) as bigint) as thin_next_quarter_sellers,
        sum(next_quarter_gap) as next_quarter_gap,
        case
            when count(next_quarter_offers_needed) = count(next_quarter_gap) then sum(next_quarter_offers_needed) end as next_quarter_offers_needed
    from seller_rows
    where list_contains($grains, 'team') or list_contains($grains, 'all')
    group by grouping sets ((period, team), (period))
)

select
    period,
    grain,
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
    {{ measure('offers_needed') }} as offers_needed,
    {{ measure('next_quarter_target') }} as next_quarter_target,
    {{ measure('next_quarter_pipeline') }} as next_quarter_pipeline,
    {{ measure('next_quarter_coverage') }} as next_quarter_coverage,
    {{ measure('thin_next_quarter') }} as thin_next_quarter,
    {{ measure('next_quarter_gap') }} as next_quarter_gap,
    {{ measure('next_quarter_offers_needed') }} as next_quarter_offers_needed,
    {{ measure('sellers') }} as sellers,
    {{ measure('thin_sellers') }} as thin_sellers,
    {{ measure('thin_next_quarter_sellers') }} as thin_next_quarter_sellers
from by_grain
where list_contains($grains, grain)
order by period, case grain when 'seller' then 1 when 'team' then 2 else 3 end, team, seller, seller_id
