-- Store an imported 1:1 note (the data contract's columns), replacing a stored note with the
-- same id: the row becomes the imported one (no app timestamps, no login identity).
insert into coaching_notes (
    note_id, seller_id, held_on, author, goal, reality, options, will, private,
    created_at, updated_at, author_id, editor, editor_id
)
values (
    $note_id, $seller_id, $held_on, $author, $goal, $reality, $options, $will, $private,
    $created_at, $updated_at, $author_id, $editor, $editor_id
)
on conflict (note_id) do update set
    seller_id = excluded.seller_id,
    held_on = excluded.held_on,
    author = excluded.author,
    goal = excluded.goal,
    reality = excluded.reality,
    options = excluded.options,
    will = excluded.will,
    private = excluded.private,
    created_at = excluded.created_at,
    updated_at = excluded.updated_at,
    author_id = excluded.author_id,
    editor = excluded.editor,
    editor_id = excluded.editor_id
