-- The coaching data version: bumped by every write of the coaching store.
select d.version
from coaching_data_version as d
where d.id = 1
