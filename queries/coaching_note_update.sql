-- Edit a 1:1 note's date, author, GROW text and privacy (last edited at $now); its seller stays.
update coaching_notes as n
set
    held_on = $held_on,
    author = $author,
    goal = $goal,
    reality = $reality,
    options = $options,
    will = $will,
    private = $private,
    updated_at = $now
where n.note_id = $note_id
