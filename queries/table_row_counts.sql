-- Rows per contract table, in load order (the coaching tables' from the coaching store).
select table_name, row_count
from (
    select 1 as position, 'sellers' as table_name, count(*) as row_count from sellers
    union all select 2, 'customers', count(*) from customers
    union all select 3, 'activities', count(*) from activities
    union all select 4, 'offers', count(*) from offers
    union all select 5, 'offer_history', count(*) from offer_history
    union all select 6, 'deals', count(*) from deals
    union all select 7, 'targets', count(*) from targets
    union all
    select 8, c.table_name, c.row_count
    from {{ coaching('row_counts') }} as c
    where c.table_name = 'coaching_notes'
    union all
    select 9, c.table_name, c.row_count
    from {{ coaching('row_counts') }} as c
    where c.table_name = 'coaching_actions'
)
order by position
