-- Are the rollups (queries/refresh_rollups.sql) there and fresh? The script version stored at
-- their last refresh (meta key 'rollups'), and how many of the tables $tables exist.
select
    (select m.value from meta as m where m.key = 'rollups') as rollups_version,
    (
        select count(distinct t.table_name)
        from duckdb_tables() as t
        where
            t.database_name = current_database()
            and t.schema_name = 'main'
            and t.table_name in (select unnest($tables))
    ) as rollup_tables
