-- Everyone who has written a 1:1 note, for the author filter.
select distinct n.author
from coaching_notes as n
where n.author is not null
order by n.author
