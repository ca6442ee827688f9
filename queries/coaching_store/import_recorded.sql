-- Was the import $import_id committed? (a row: yes)
select i.import_id
from coaching_imports as i
where i.import_id = $import_id
