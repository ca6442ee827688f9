-- Which migrations of the coaching store have run (salescoach/coaching_store.py MIGRATIONS).
create table if not exists coaching_schema_version (
    version integer primary key,
    migrated_at text not null
)
