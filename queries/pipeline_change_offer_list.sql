-- The offers behind one bar of the pipeline's changes between two days D1 < D2 (the first and
-- last day of $as_of_days; queries/pipeline_change_offers.sql), for the sellers of $teams (every
-- team when null) and $seller_id (null = all), as $movement picks:
--   'start' open on D1, 'new' sent in (D1, D2], 'increased' / 'decreased' value up / down,
--   'won', 'lost' closed so in (D1, D2], 'end' open on D2, 'pushed', 'pulled_in', 'slipped_out',
--   'changed' any of new, increased, decreased, won, lost, pushed, pulled in.
-- Each with its value and expected close date as they stood on both days (entry: the later of D1
-- and its sent date), the change of value, and how many days its expected close moved; the
-- $limit biggest changes of value first (then the biggest offers), with offers_listed the number
-- of offers that moved so, listed or not.
with
changes as {{ ref('pipeline_change_offers') }}

select
    c.offer_id,
    c.seller_id,
    s.name as seller,
    s.team,
    cu.name as customer,
    c.sent_date,
    case when c.closed_date <= cast(list_max($as_of_days) as date) then c.closed_date end as closed_date,
    case when c.open_at_end then 'open' else c.status end as status,
    c.entry_value,
    c.exit_value,
    c.exit_value - c.entry_value as value_change,
    c.start_expected_close_date,
    c.end_expected_close_date,
    date_diff('day', c.start_expected_close_date, c.end_expected_close_date) as days_moved,
    c.is_new,
    c.won,
    c.lost,
    c.pushed,
    c.pulled_in,
    c.slipped_out,
    count(*) over () as offers_listed
from changes as c
inner join sellers as s on s.seller_id = c.seller_id
left join customers as cu on cu.customer_id = c.customer_id
where
    ($seller_id is null or c.seller_id = $seller_id)
    and (
        ($movement = 'start' and c.open_at_start)
        or ($movement = 'new' and c.is_new)
        or ($movement = 'increased' and c.exit_value > c.entry_value)
        or ($movement = 'decreased' and c.exit_value < c.entry_value)
        or ($movement = 'won' and c.won)
        or ($movement = 'lost' and c.lost)
        or ($movement = 'end' and c.open_at_end)
        or ($movement = 'pushed' and c.pushed)
        or ($movement = 'pulled_in' and c.pulled_in)
        or ($movement = 'slipped_out' and c.slipped_out)
        or (
            $movement = 'changed'
            and (c.is_new or c.won or c.lost or c.pushed or c.pulled_in or c.exit_value <> c.entry_value)
        )
    )
order by abs(c.exit_value - c.entry_value) desc, c.exit_value desc, c.offer_id
limit $limit
