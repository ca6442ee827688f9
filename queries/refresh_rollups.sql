-- The rollups: each day-grain base relation (queries/<name>.sql, written once) materialised as
-- a table of the same name, rebuilt in the same transaction as every import
-- (SalesCoach._write_frames) and on a writable open when missing or built by other SQL
-- (salescoach/db.py), so they always agree with the raw tables. Pages read these small tables
-- instead of scanning millions of activities; a read-only open of a stale file reads the same
-- base relations as subqueries instead (salescoach/queries.py, form "inline").
-- This script is always composed in the inline form: each ref below is the base relation's
-- own query. Each table is sorted by its date so a period filter skips whole row groups.

create or replace table first_deal_by_customer as
select * from {{ ref('first_deal_by_customer') }} as base
order by customer_id;

create or replace table activity_by_seller_day as
select * from {{ ref('activity_by_seller_day') }} as base
order by date, seller_id;

create or replace table sales_by_seller_day as
select * from {{ ref('sales_by_seller_day') }} as base
order by close_date, seller_id;

create or replace table offer_flow_by_seller_day as
select * from {{ ref('offer_flow_by_seller_day') }} as base
order by day, seller_id;

create or replace table offer_field_spans as
select * from {{ ref('offer_field_spans') }} as base
order by open_until, offer_id;

create or replace table stage_orders as
select * from {{ ref('stage_orders') }} as base
order by stage_order, stage;
