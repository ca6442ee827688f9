-- Every seller's own 1:1 cadence (sellers without one are not listed: they have the default).
select
    c.seller_id,
    c.cadence_days,
    c.updated_at,
    c.editor,
    c.editor_id
from seller_cadences as c
