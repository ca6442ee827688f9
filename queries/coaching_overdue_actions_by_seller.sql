-- Every seller with the number of 1:1 notes, open agreed actions, and open actions past their
-- due date on $as_of (zeros when there are none), for the team overview.
with
action_counts as (
    select
        n.seller_id,
        count(*) filter (where a.done_on is null) as open_actions,
        count(*) filter (where a.done_on is null and a.due_date < cast($as_of as date)) as overdue_actions
    from coaching_actions as a
    inner join coaching_notes as n on n.note_id = a.note_id
    group by n.seller_id
),

note_counts as (
    select seller_id, count(*) as notes, max(held_on) as last_note_on
    from coaching_notes
    group by seller_id
)

select
    s.seller_id,
    s.name as seller,
    s.team,
    coalesce(c.overdue_actions, 0) as overdue_actions,
    coalesce(c.open_actions, 0) as open_actions,
    coalesce(n.notes, 0) as notes,
    n.last_note_on
from sellers as s
left join action_counts as c on c.seller_id = s.seller_id
left join note_counts as n on n.seller_id = s.seller_id
order by s.team, s.name, s.seller_id
