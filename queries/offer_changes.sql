-- The changes an import records: for every staged offer that is already stored, one row per
-- field (value, expected_close_date, probability, status, stage) whose staged value differs from
-- the stored one, dated $exported_on (the day the export was made), old_value the stored value
-- and new_value the staged one, as text in offer_history's spelling (numbers 1200.0, dates
-- YYYY-MM-DD). Run by salescoach/history.py inside the import's transaction, before the offers
-- are replaced; reads the import's frames registered as staged_offers and staged_history (the
-- offer_history rows the import brings itself, possibly none).
-- A change the import's own history already dates after the last export ($since, null when
-- none) and on or before $exported_on is left to that row. A second import of the same day
-- keeps the day's first old value (`merged`); `keep` is false where the day then nets to no
-- change, so that row is deleted, not written.
with
pairs as (
    select
        s.offer_id,
        'value' as field,
        cast(o.value as varchar) as old_value,
        cast(cast(s.value as double) as varchar) as new_value,
        o.value is distinct from cast(s.value as double) as changed
    from staged_offers as s
    inner join offers as o on o.offer_id = s.offer_id

    union all

    select
        s.offer_id,
        'expected_close_date',
        cast(o.expected_close_date as varchar),
        cast(cast(s.expected_close_date as date) as varchar),
        o.expected_close_date is distinct from cast(s.expected_close_date as date)
    from staged_offers as s
    inner join offers as o on o.offer_id = s.offer_id

    union all

    select
        s.offer_id,
        'probability',
        cast(o.probability as varchar),
        cast(cast(s.probability as double) as varchar),
        o.probability is distinct from cast(s.probability as double)
    from staged_offers as s
    inner join offers as o on o.offer_id = s.offer_id

    union all

    select
        s.offer_id,
        'status',
        o.status,
        cast(s.status as varchar),
        o.status is distinct from cast(s.status as varchar)
    from staged_offers as s
    inner join offers as o on o.offer_id = s.offer_id

    union all

    select
        s.offer_id,
        'stage',
        o.stage,
        cast(s.stage as varchar),
        o.stage is distinct from cast(s.stage as varchar)
    from staged_offers as s
    inner join offers as o on o.offer_id = s.offer_id
),

changes as (
    select p.offer_id, p.field, p.old_value, p.new_value
    from pairs as p
    where
        p.changed
        and not exists (
            select 1
            from staged_history as h
            where
                h.offer_id = p.offer_id
                and h.field = p.field
                and cast(h.changed_on as date) <= cast($exported_on as date)
                and ($since is null or cast(h.changed_on as date) > cast($since as date))
        )
),

merged as (
    select
        c.offer_id,
        cast($exported_on as date) as changed_on,
        c.field,
        case when e.offer_id is null then c.old_value else e.old_value end as old_value,
        c.new_value
    from changes as c
    left join offer_history as e
        on e.offer_id = c.offer_id and e.field = c.field and e.changed_on = cast($exported_on as date)
)

select
    m.offer_id,
    m.changed_on,
    m.field,
    m.old_value,
    m.new_value,
    m.old_value is distinct from m.new_value as keep
from merged as m
order by m.offer_id, m.field
