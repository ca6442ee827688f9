-- Every seller's own cadence removed (a new demo database: the embedded store starts empty).
delete from seller_cadences
