-- 1:1 notes newest first, with counts of their agreed actions (open, and open past the due
-- date on $as_of): the notes of one seller ($seller_id), or one note by its id ($note_id);
-- a null parameter leaves its filter off (empty when nothing matches).
with
picked_notes as (
    select
        n.note_id,
        n.seller_id,
        n.held_on,
        n.author,
        n.goal,
        n.reality,
        n.options,
        n.will,
        n.private,
        n.created_at,
        n.updated_at,
        n.author_id,
        n.editor,
        n.editor_id
    from {{ coaching('notes_picked') }} as n
),

action_counts as (
    select
        a.note_id,
        count(*) as actions,
        count(*) filter (where a.done_on is null) as open_actions,
        count(*) filter (where a.done_on is null and a.due_date < cast($as_of as date)) as overdue_actions
    from {{ coaching('actions_picked') }} as a
    group by a.note_id
)

select
    n.*,
    coalesce(c.actions, 0) as actions,
    coalesce(c.open_actions, 0) as open_actions,
    coalesce(c.overdue_actions, 0) as overdue_actions
from picked_notes as n
left join action_counts as c on c.note_id = n.note_id
order by n.held_on desc, coalesce(n.created_at, timestamp '1900-01-01') desc, n.note_id desc
