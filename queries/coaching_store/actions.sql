-- Every agreed action, with the seller and the 1:1 date of its note.
select
    a.action_id,
    a.note_id,
    n.seller_id,
    n.held_on,
    a.owner,
    a.description,
    a.due_date,
    a.done_on,
    a.metric,
    a.target
from coaching_actions as a
inner join coaching_notes as n on n.note_id = a.note_id
