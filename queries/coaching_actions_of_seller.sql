-- The agreed actions of one seller's 1:1 notes; overdue = still open after the due date on $as_of.
select
    a.action_id,
    a.note_id,
    a.owner,
    a.description,
    a.due_date,
    a.done_on,
    a.metric,
    a.target,
    a.done_on is null and a.due_date < cast($as_of as date) as overdue
from {{ coaching('actions_of_seller') }} as a
order by a.note_id, a.due_date nulls last, a.action_id
