-- This import's coaching rows are in this transaction (see coaching_imports).
insert into coaching_imports (import_id, imported_at) values ($import_id, $now)
