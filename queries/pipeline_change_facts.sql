-- Model: the additive facts of the pipeline's changes between two days D1 < D2 (the first and
-- last day of $as_of_days), one row per seller of $teams (every team when null), with zeros when
-- nothing changed: the offers of queries/pipeline_change_offers.sql summed. queries/measures.yaml
-- lists these facts (model pipeline_change_facts) and defines the measures over them;
-- queries/pipeline_changes_by_grain.sql sums them per team and for all teams.
with
changes as {{ ref('pipeline_change_offers') }},

chosen_sellers as (
    select s.seller_id, s.name, s.team, s.manager, s.active
    from sellers as s
    where $teams is null or list_contains($teams, s.team)
),

per_seller as (
    select
        c.seller_id,
        count(case when c.open_at_start then 1 end) as start_offers,
        sum(case when c.open_at_start then c.entry_value end) as start_pipeline,
        count(case when c.is_new then 1 end) as new_offers,
        sum(case when c.is_new then c.entry_value end) as new_value,
        count(case when c.exit_value > c.entry_value then 1 end) as increased_offers,
        sum(greatest(c.exit_value - c.entry_value, 0)) as increased_value,
        count(case when c.exit_value < c.entry_value then 1 end) as decreased_offers,
        sum(greatest(c.entry_value - c.exit_value, 0)) as decreased_value,
        count(case when c.won then 1 end) as won_offers,
        sum(case when c.won then c.exit_value end) as won_value,
        count(case when c.lost then 1 end) as lost_offers,
        sum(case when c.lost then c.exit_value end) as lost_value,
        count(case when c.open_at_end then 1 end) as end_offers,
        sum(case when c.open_at_end then c.exit_value end) as end_pipeline,
        count(case when c.pushed then 1 end) as pushed_offers,
        sum(case when c.pushed then c.exit_value end) as pushed_value,
        count(case when c.pulled_in then 1 end) as pulled_in_offers,
        sum(case when c.pulled_in then c.exit_value end) as pulled_in_value,
        count(case when c.slipped_out then 1 end) as slipped_out_offers,
        sum(case when c.slipped_out then c.exit_value end) as slipped_out_value
    from changes as c
    group by c.seller_id
)

select
    s.seller_id,
    s.name as seller,
    s.team,
    s.manager,
    s.active,
    coalesce(p.start_offers, 0) as start_offers,
    coalesce(p.start_pipeline, 0) as start_pipeline,
    coalesce(p.new_offers, 0) as new_offers,
    coalesce(p.new_value, 0) as new_value,
    coalesce(p.increased_offers, 0) as increased_offers,
    coalesce(p.increased_value, 0) as increased_value,
    coalesce(p.decreased_offers, 0) as decreased_offers,
    coalesce(p.decreased_value, 0) as decreased_value,
    coalesce(p.won_offers, 0) as won_offers,
    coalesce(p.won_value, 0) as won_value,
    coalesce(p.lost_offers, 0) as lost_offers,
    coalesce(p.lost_value, 0) as lost_value,
    coalesce(p.end_offers, 0) as end_offers,
    coalesce(p.end_pipeline, 0) as end_pipeline,
    coalesce(p.pushed_offers, 0) as pushed_offers,
    coalesce(p.pushed_value, 0) as pushed_value,
    coalesce(p.pulled_in_offers, 0) as pulled_in_offers,
    coalesce(p.pulled_in_value, 0) as pulled_in_value,
    coalesce(p.slipped_out_offers, 0) as slipped_out_offers,
    coalesce(p.slipped_out_value, 0) as slipped_out_value
from chosen_sellers as s
left join per_seller as p on p.seller_id = s.seller_id
