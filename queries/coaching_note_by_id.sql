-- One 1:1 note by its id (empty when there is none).
select
    n.note_id,
    n.seller_id,
    n.held_on,
    n.author,
    n.goal,
    n.reality,
    n.options,
    n.will,
    n.private,
    n.created_at,
    n.updated_at
from coaching_notes as n
where n.note_id = $note_id
