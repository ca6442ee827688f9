-- The coaching store's schema version: the last migration that ran (0: none yet).
select coalesce(max(v.version), 0) as version
from coaching_schema_version as v
