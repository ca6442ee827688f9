-- The agreed actions of one seller's 1:1 notes.
select
    a.action_id,
    a.note_id,
    a.owner,
    a.description,
    a.due_date,
    a.done_on,
    a.metric,
    a.target
from coaching_actions as a
inner join coaching_notes as n on n.note_id = a.note_id
where n.seller_id = $seller_id
