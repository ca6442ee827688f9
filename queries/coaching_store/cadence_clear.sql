-- A seller's 1:1 cadence back to the default.
delete from seller_cadences where seller_id = $seller_id
