-- The agreed actions of the notes notes_picked.sql picks: of one seller ($seller_id) or of one
-- note ($note_id); a null parameter leaves its filter off.
select
    a.action_id,
    a.note_id,
    a.owner,
    a.description,
    a.due_date,
    a.done_on
from coaching_actions as a
inner join coaching_notes as n on n.note_id = a.note_id
where
    (cast($seller_id as text) is null or n.seller_id = $seller_id)
    and (cast($note_id as text) is null or n.note_id = $note_id)
