-- The 1:1 notes of one seller ($seller_id), or one note ($note_id); a null parameter leaves its
-- filter off.
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
    n.updated_at,
    n.author_id,
    n.editor,
    n.editor_id
from coaching_notes as n
where
    (cast($seller_id as text) is null or n.seller_id = $seller_id)
    and (cast($note_id as text) is null or n.note_id = $note_id)
