-- Remove the post-mortem of one offer (before storing its replacement).
delete from offer_reviews as r
where r.offer_id = $offer_id
