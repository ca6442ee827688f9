-- The day of the newest export loaded so far (null before the first import of offers):
-- an import of an older export is refused (salescoach/history.py).
select max(cast(m.value as date)) as last_exported_on
from meta as m
where m.key = 'last_exported_on'
