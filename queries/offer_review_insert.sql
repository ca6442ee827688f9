-- Store the post-mortem of one lost offer, written by $author at $now.
insert into offer_reviews (offer_id, what_happened, why, do_differently, customer_word, author, reviewed_at)
values ($offer_id, $what_happened, $why, $do_differently, $customer_word, $author, $now)
