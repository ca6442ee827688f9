-- Remove every post-mortem (a new demo database replaces the embedded store's rows).
delete from offer_reviews
