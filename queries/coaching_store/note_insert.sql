-- Add a new 1:1 note, written by $author ($author_id: the login) at $now.
insert into coaching_notes (
    note_id, seller_id, held_on, author, goal, reality, options, will, private,
    created_at, updated_at, author_id, editor, editor_id
)
values (
    $note_id, $seller_id, $held_on, $author, $goal, $reality, $options, $will, $private,
    $now, $now, $author_id, $author, $author_id
)
