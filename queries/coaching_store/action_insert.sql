-- Add an agreed action to a 1:1 note.
insert into coaching_actions (action_id, note_id, owner, description, due_date, done_on)
values ($action_id, $note_id, $owner, $description, $due_date, $done_on)
