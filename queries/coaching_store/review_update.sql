-- Replace the text of a post-mortem, last edited by $editor ($editor_id) at $now; $author is
-- who it is by (kept, unless a trusted caller names another).
update offer_reviews
set
    what_happened = $what_happened,
    why = $why,
    do_differently = $do_differently,
    customer_word = $customer_word,
    author = $author,
    reviewed_at = $now,
    editor = $editor,
    editor_id = $editor_id
where offer_id = $offer_id
