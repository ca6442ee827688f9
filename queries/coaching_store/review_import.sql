-- Store a post-mortem moved from an analytics file of an earlier version, replacing a stored
-- one of the same offer.
insert into offer_reviews (
    offer_id, what_happened, why, do_differently, customer_word, author, reviewed_at,
    created_at, author_id, editor, editor_id
)
values (
    $offer_id, $what_happened, $why, $do_differently, $customer_word, $author, $reviewed_at,
    $created_at, $author_id, $editor, $editor_id
)
on conflict (offer_id) do update set
    what_happened = excluded.what_happened,
    why = excluded.why,
    do_differently = excluded.do_differently,
    customer_word = excluded.customer_word,
    author = excluded.author,
    reviewed_at = excluded.reviewed_at,
    created_at = excluded.created_at,
    author_id = excluded.author_id,
    editor = excluded.editor,
    editor_id = excluded.editor_id
