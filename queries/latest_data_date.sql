-- The last day with recorded work: done activities, sent or closed offers, deals.
-- Planned activities and expected close dates lie in the future and do not count.
-- The dashboard's default period ends here, so an old import still shows its data.
with
days as (
    select max(a.date) as day from {{ ref('activity_by_seller_day') }} as a  -- done activities
    union all
    select max(o.sent_date) from offers as o
    union all
    select max(o.closed_date) from offers as o
    union all
    select max(d.close_date) from {{ ref('sales_by_seller_day') }} as d
)

select max(days.day) as latest_data_date
from days
