-- The coaching store, version 1 (SQLite): everything written in the app, and the coaching rows
-- of the data contract. Dates are ISO text (YYYY-MM-DD), timestamps ISO text to the
-- microsecond (YYYY-MM-DD HH:MM:SS.ffffff), booleans 0/1: salescoach/coaching_store.py reads
-- them back as dates, datetimes and booleans, exactly. Who wrote and who last edited a note or
-- a post-mortem: the name shown (author, editor) and the login identity (author_id, editor_id:
-- the provider's e-mail, or local:<user> in open mode); imported rows have no identity.
create table if not exists coaching_notes (
    note_id text primary key,
    seller_id text not null,
    held_on text not null,
    author text not null,
    goal text,
    reality text,
    options text,
    will text,
    private integer not null default 1,
    created_at text,
    updated_at text,
    author_id text,
    editor text,
    editor_id text
);

create index if not exists coaching_notes_by_seller on coaching_notes (seller_id);

create table if not exists coaching_actions (
    action_id text primary key,
    note_id text not null,
    owner text not null,
    description text not null,
    due_date text,
    done_on text
);

create index if not exists coaching_actions_by_note on coaching_actions (note_id);

create table if not exists offer_reviews (
    offer_id text primary key,
    what_happened text,
    why text,
    do_differently text,
    customer_word text,
    author text not null,
    reviewed_at text not null,
    created_at text,
    author_id text,
    editor text,
    editor_id text
);

-- Bumped by every write: the pages' cache key (read once per script run).
create table if not exists coaching_data_version (
    id integer primary key check (id = 1),
    version integer not null
);

insert into coaching_data_version (id, version) values (1, 0) on conflict (id) do nothing;

-- Imports whose coaching rows were committed (salescoach/store.py: an import publishes the
-- analytics file, then commits these rows; after a kill, the next import reads this table to
-- keep the published file or take it back).
create table if not exists coaching_imports (
    import_id text primary key,
    imported_at text not null
);
