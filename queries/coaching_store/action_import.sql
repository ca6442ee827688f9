-- Store an imported agreed action, replacing a stored action with the same id.
insert into coaching_actions (action_id, note_id, owner, description, due_date, done_on, metric, target)
values ($action_id, $note_id, $owner, $description, $due_date, $done_on, $metric, $target)
on conflict (action_id) do update set
    note_id = excluded.note_id,
    owner = excluded.owner,
    description = excluded.description,
    due_date = excluded.due_date,
    done_on = excluded.done_on,
    metric = excluded.metric,
    target = excluded.target
