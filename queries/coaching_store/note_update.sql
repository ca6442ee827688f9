-- Edit a 1:1 note's date, author, GROW text and privacy, last edited by $editor ($editor_id) at
-- $now; its seller stays.
update coaching_notes
set
    held_on = $held_on,
    author = $author,
    goal = $goal,
    reality = $reality,
    options = $options,
    will = $will,
    private = $private,
    updated_at = $now,
    editor = $editor,
    editor_id = $editor_id
where note_id = $note_id
