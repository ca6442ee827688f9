-- The agreed actions tied to a scorecard metric (metric and target set), with the seller and the
-- 1:1 date of their note, of sellers in $teams (null: every team) or of $seller_id alone (null:
-- every seller): what salescoach/coaching_loop.py checks against the data at each due date.
select
    a.action_id,
    a.note_id,
    a.seller_id,
    a.held_on,
    a.owner,
    a.description,
    a.due_date,
    a.done_on,
    a.metric,
    a.target,
    s.team
from {{ coaching('actions') }} as a
inner join sellers as s on s.seller_id = a.seller_id
where
    a.metric is not null and a.target is not null
    and ($teams is null or list_contains($teams, s.team))
    and ($seller_id is null or a.seller_id = $seller_id)
order by a.seller_id, a.due_date nulls last, a.action_id
