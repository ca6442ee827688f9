-- The post-mortem of one offer (empty when none).
select
    r.offer_id,
    r.what_happened,
    r.why,
    r.do_differently,
    r.customer_word,
    r.author,
    r.reviewed_at
from offer_reviews as r
where r.offer_id = $offer_id
