-- Edit an agreed action: owner, description, due date and done date.
update coaching_actions
set
    owner = $owner,
    description = $description,
    due_date = $due_date,
    done_on = $done_on
where action_id = $action_id
