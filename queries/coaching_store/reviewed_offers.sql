-- The offers that have a post-mortem.
select r.offer_id
from offer_reviews as r
