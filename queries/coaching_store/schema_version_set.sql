-- Record that migration $version ran (in the migration's own transaction).
insert into coaching_schema_version (version, migrated_at) values ($version, $now)
