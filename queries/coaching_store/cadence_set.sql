-- Set a seller's 1:1 cadence (days), by $editor ($editor_id: the login; none when imported) at $now.
insert into seller_cadences (seller_id, cadence_days, updated_at, editor, editor_id)
values ($seller_id, $cadence_days, $now, $editor, $editor_id)
on conflict (seller_id) do update set
    cadence_days = excluded.cadence_days,
    updated_at = excluded.updated_at,
    editor = excluded.editor,
    editor_id = excluded.editor_id
