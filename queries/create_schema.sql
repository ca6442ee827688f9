-- The analytics database mirrors the import contract (salescoach/contract.py), one table per
-- file, except the coaching tables (coaching_notes, coaching_actions) and the post-mortems: they
-- live in the coaching store (salescoach/coaching_store.py, queries/coaching_store/).
-- Keys are enforced by the importer and the note store, not by DuckDB indexes, so that
-- bulk loads of millions of activities stay fast and re-imports can replace rows by key.
create table if not exists sellers (
    seller_id varchar not null,
    name varchar not null,
    team varchar not null,
    manager varchar,
    active boolean not null default true
);

create table if not exists customers (
    customer_id varchar not null,
    name varchar not null,
    segment varchar
);

create table if not exists activities (
    activity_id varchar not null,
    seller_id varchar not null,
    customer_id varchar,
    type varchar not null,
    date date not null,
    status varchar not null default 'done',
    needs_discussed boolean
);

create table if not exists offers (
    offer_id varchar not null,
    seller_id varchar not null,
    customer_id varchar,
    sent_date date not null,
    value double not null,
    status varchar not null,
    expected_close_date date,
    closed_date date,
    probability double,
    loss_reason varchar
);

-- What changed on an offer, one row per offer, day and field (value, expected_close_date,
-- probability, status, stage): recorded by every import that brings offers, comparing them with
-- the stored ones (queries/offer_changes.sql), or loaded from a CRM's own history. Values are
-- text in one spelling (numbers 1200.0, dates YYYY-MM-DD); salescoach/history.py.
create table if not exists offer_history (
    offer_id varchar not null,
    changed_on date not null,
    field varchar not null,
    old_value varchar,
    new_value varchar
);

create table if not exists deals (
    deal_id varchar not null,
    seller_id varchar not null,
    customer_id varchar,
    offer_id varchar,
    close_date date not null,
    value double not null
);

create table if not exists targets (
    seller_id varchar not null,
    month date not null,  -- first day of the month
    sales_target double not null,
    meetings_target double
);

-- Key/value facts about the database: data_version (bumped by every import), source (demo or
-- import), rollups (which refresh script built them).
create table if not exists meta (
    key varchar primary key,
    value varchar not null
);

-- Offer stages (contract: offers.stage, offers.stage_order), added to existing databases on open.
alter table offers add column if not exists stage varchar;
alter table offers add column if not exists stage_order double;
