-- The post-mortem of one offer (empty when none), with who wrote and who last edited it.
select
    r.offer_id,
    r.what_happened,
    r.why,
    r.do_differently,
    r.customer_word,
    r.author,
    r.reviewed_at,
    r.created_at,
    r.author_id,
    r.editor,
    r.editor_id
from {{ coaching('review_of_offer') }} as r
