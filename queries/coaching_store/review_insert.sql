-- Store the first post-mortem of one lost offer, written by $author ($author_id) at $now.
insert into offer_reviews (
    offer_id, what_happened, why, do_differently, customer_word, author, reviewed_at,
    created_at, author_id, editor, editor_id
)
values (
    $offer_id, $what_happened, $why, $do_differently, $customer_word, $author, $now,
    $now, $author_id, $author, $author_id
)
