-- The date of the 1:1 note an agreed action belongs to (no row: unknown action).
select n.held_on
from coaching_actions as a
inner join coaching_notes as n on n.note_id = a.note_id
where a.action_id = $action_id
