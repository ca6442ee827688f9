-- Base relation: the day each customer first bought anything (any seller). A meeting on or
-- before that day is new business (README, "Metric definitions": new_business_share).
-- One definition, two physical forms: queries/refresh_rollups.sql materialises it as the
-- table first_deal_by_customer; a query reads it as ref('first_deal_by_customer'), the
-- table when the rollups are fresh, this query as a subquery when they cannot be (a read-only
-- open of a stale file; salescoach/queries.py).
with
deals_with_customer as (
    select d.customer_id, d.close_date
    from deals as d
    where d.customer_id is not null
)

select customer_id, min(close_date) as first_close_date
from deals_with_customer
group by customer_id
