-- Facts about the database itself: data_version (bumped by every write), source.
select key, value
from meta
order by key
