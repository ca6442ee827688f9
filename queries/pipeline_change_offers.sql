-- Model: the offers that count in the pipeline's changes between two days D1 < D2 (the first
-- and last day of $as_of_days), grain offer: every offer of a seller of $teams open on D1 or sent
-- in (D1, D2], each field as it stood (queries/offer_states.sql):
--   entry_value    its value as of the later of D1 and its sent date; exit_value as of D2;
--   open_at_start  open on D1 (sent by then, not closed by then); is_new: sent in (D1, D2];
--   open_at_end    open on D2; won / lost: closed with that status in (D1, D2] (every other
--                  offer here is open on D2, so start + new + increased − decreased − won −
--                  lost = end, always);
--   pushed / pulled_in  open on both days, expected to close later / earlier on D2 than on D1;
--   slipped_out    open on D1 expected to close inside D1's quarter, open on D2 expected after it.
-- queries/pipeline_change_facts.sql sums these per seller; queries/pipeline_change_offer_list.sql
-- lists them (the offers behind each bar of the waterfall).
with
states as {{ ref('offer_states') }},

bounds as (
    select
        d.d1,
        d.d2,
        cast(date_trunc('quarter', d.d1) as date) as d1_quarter_start,
        cast(date_trunc('quarter', d.d1) + interval 3 month - interval 1 day as date) as d1_quarter_end
    from (
        select
            cast(list_min($as_of_days) as date) as d1,
            cast(list_max($as_of_days) as date) as d2
    ) as d
),

paired as (
    select
        s.offer_id,
        s.seller_id,
        s.customer_id,
        s.sent_date,
        s.status,
        s.closed_date,
        s.open_on_day as open_at_start,
        s.sent_date > b.d1 as is_new,
        e.open_on_day as open_at_end,
        s.value as entry_value,
        e.value as exit_value,
        s.expected_close_date as start_expected_close_date,
        e.expected_close_date as end_expected_close_date,
        b.d1_quarter_start,
        b.d1_quarter_end
    from states as s
    cross join bounds as b
    inner join states as e on e.offer_id = s.offer_id and e.day = b.d2
    where s.day = b.d1 and (s.open_on_day or s.sent_date > b.d1)
)

select
    p.offer_id,
    p.seller_id,
    p.customer_id,
    p.sent_date,
    p.status,
    p.closed_date,
    p.open_at_start,
    p.is_new,
    p.open_at_end,
    not p.open_at_end and p.status = 'won' as won,
    not p.open_at_end and p.status = 'lost' as lost,
    p.entry_value,
    p.exit_value,
    p.start_expected_close_date,
    p.end_expected_close_date,
    coalesce(
        p.open_at_start and p.open_at_end and p.end_expected_close_date > p.start_expected_close_date, false
    ) as pushed,
    coalesce(
        p.open_at_start and p.open_at_end and p.end_expected_close_date < p.start_expected_close_date, false
    ) as pulled_in,
    coalesce(
        p.open_at_start
        and p.start_expected_close_date between p.d1_quarter_start and p.d1_quarter_end
        and p.open_at_end
        and p.end_expected_close_date > p.d1_quarter_end,
        false
    ) as slipped_out
from paired as p
