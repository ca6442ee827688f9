-- The agreed actions of one 1:1 note.
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
where a.note_id = $note_id
