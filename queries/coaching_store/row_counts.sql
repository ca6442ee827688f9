-- Rows per coaching table (the demo command prints them beside the analytics tables).
select 'coaching_notes' as table_name, count(*) as row_count from coaching_notes
union all select 'coaching_actions', count(*) from coaching_actions
union all select 'offer_reviews', count(*) from offer_reviews
union all select 'seller_cadences', count(*) from seller_cadences
