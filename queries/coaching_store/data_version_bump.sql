-- The first statement of every coaching write: bump the data version (which also makes the
-- writes of this store one at a time: the row stays locked until commit).
update coaching_data_version
set version = version + 1
where id = 1
returning version
