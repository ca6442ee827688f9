-- Remove an agreed action (dropped from its note when the note was edited).
delete from coaching_actions
where action_id = $action_id
