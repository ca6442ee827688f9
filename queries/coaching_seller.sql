-- One seller's name, team and manager (the default author of a new 1:1 note).
select s.seller_id, s.name as seller, s.team, s.manager, s.active
from sellers as s
where s.seller_id = $seller_id
