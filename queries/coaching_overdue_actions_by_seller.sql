-- Every seller with the number of 1:1 notes, open agreed actions, and open actions past their
-- due date on $as_of (zeros when there are none), for the team overview.
select
    s.seller_id,
    s.name as seller,
    s.team,
    coalesce(c.overdue_actions, 0) as overdue_actions,
    coalesce(c.open_actions, 0) as open_actions,
    coalesce(c.notes, 0) as notes,
    c.last_note_on
from sellers as s
left join {{ coaching('counts_by_seller') }} as c on c.seller_id = s.seller_id
order by s.team, s.name, s.seller_id
