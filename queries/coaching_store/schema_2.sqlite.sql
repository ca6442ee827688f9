-- The coaching store, version 2 (SQLite): the coaching loop. An agreed action may aim at one
-- scorecard metric (`metric`, queries/measures.yaml) and a target, checked from the data at its
-- due date (salescoach/coaching_loop.py). Each seller's 1:1 cadence, in days (none: the default,
-- salescoach.contract.DEFAULT_CADENCE_DAYS), set on the seller page or imported with the sellers
-- (`sellers.coaching_cadence_days`); who set it last and when (imported: no identity).
alter table coaching_actions add column metric text;

alter table coaching_actions add column target real;

create table if not exists seller_cadences (
    seller_id text primary key,
    cadence_days integer not null,
    updated_at text,
    editor text,
    editor_id text
);
