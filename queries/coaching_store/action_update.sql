-- Edit an agreed action: owner, description, due date, done date, metric and target.
update coaching_actions
set
    owner = $owner,
    description = $description,
    due_date = $due_date,
    done_on = $done_on,
    metric = $metric,
    target = $target
where action_id = $action_id
