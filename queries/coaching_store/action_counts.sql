-- Per 1:1 note with actions: how many, how many open, and how many open past their due date on
-- $as_of (counted in the coaching store: the notes search needs only the counts).
select
    a.note_id,
    count(*) as actions,
    sum(case when a.done_on is null then 1 else 0 end) as open_actions,
    sum(case when a.done_on is null and a.due_date < $as_of then 1 else 0 end) as overdue_actions
from coaching_actions as a
group by a.note_id
