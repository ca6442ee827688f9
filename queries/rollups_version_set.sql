-- Record which version of queries/refresh_rollups.sql built the rollups (salescoach/db.py).
insert or replace into meta (key, value) values ('rollups', $version)
