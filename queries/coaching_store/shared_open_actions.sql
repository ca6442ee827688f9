-- The open agreed actions of the 1:1 notes that are not private (what the team review shows),
-- with the seller and the day of their note; never a note's text.
select
    a.action_id,
    a.note_id,
    n.seller_id,
    n.held_on,
    a.owner,
    a.description,
    a.due_date
from coaching_actions as a
inner join coaching_notes as n on n.note_id = a.note_id
where a.done_on is null and n.private = false
