-- Record the day of the export an import of offers brought (salescoach/history.py).
insert or replace into meta (key, value) values ('last_exported_on', cast(cast($exported_on as date) as varchar))
