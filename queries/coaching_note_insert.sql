-- Add a new 1:1 note (created and last edited at $now).
insert into coaching_notes (
    note_id, seller_id, held_on, author, goal, reality, options, will, private, created_at, updated_at
)
values ($note_id, $seller_id, $held_on, $author, $goal, $reality, $options, $will, $private, $now, $now)
