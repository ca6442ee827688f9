-- Every seller for the filter pickers: id, name, team and whether still active,
-- in the order the pages list them (team, then name).
select
    s.seller_id,
    s.name as seller,
    s.team,
    s.active
from sellers as s
order by s.team, s.name, s.seller_id
