-- Mark an agreed action done on $done_on, or open again when $done_on is null.
update coaching_actions
set done_on = $done_on
where action_id = $action_id
