-- Every post-mortem of a lost offer (joined with the offers in DuckDB).
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
from offer_reviews as r
