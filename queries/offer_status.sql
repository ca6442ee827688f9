-- The status of one offer: open, won or lost (no row: unknown offer).
select o.status
from offers as o
where o.offer_id = $offer_id
