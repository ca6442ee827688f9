-- Add an agreed action to a 1:1 note (tied to a scorecard metric and its target, or not).
insert into coaching_actions (action_id, note_id, owner, description, due_date, done_on, metric, target)
values ($action_id, $note_id, $owner, $description, $due_date, $done_on, $metric, $target)
