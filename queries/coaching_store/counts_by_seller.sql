-- Per seller with notes: the number of 1:1 notes, the last one's date, open agreed actions and
-- open actions past their due date on $as_of (for the team overview's coaching counts).
with
note_counts as (
    select n.seller_id, count(*) as notes, max(n.held_on) as last_note_on
    from coaching_notes as n
    group by n.seller_id
),

action_counts as (
    select
        n.seller_id,
        sum(case when a.done_on is null then 1 else 0 end) as open_actions,
        sum(case when a.done_on is null and a.due_date < $as_of then 1 else 0 end) as overdue_actions
    from coaching_actions as a
    inner join coaching_notes as n on n.note_id = a.note_id
    group by n.seller_id
)

select
    c.seller_id,
    c.notes,
    c.last_note_on,
    coalesce(a.open_actions, 0) as open_actions,
    coalesce(a.overdue_actions, 0) as overdue_actions
from note_counts as c
left join action_counts as a on a.seller_id = c.seller_id
