-- Base relation: one row per seller and day with at least one deal: the deals and their value
-- (sales) closed that day. Materialised as the table sales_by_seller_day
-- (queries/refresh_rollups.sql), read as ref('sales_by_seller_day')
-- (see queries/first_deal_by_customer.sql).
select
    d.seller_id,
    d.close_date,
    count(*) as deals,
    sum(d.value) as sales
from deals as d
group by d.seller_id, d.close_date
