-- An import's changes (queries/offer_changes.sql, registered as recorded_changes) written to
-- offer_history; a day that nets to no change writes nothing.
insert into offer_history (offer_id, changed_on, field, old_value, new_value)
select c.offer_id, c.changed_on, c.field, c.old_value, c.new_value
from recorded_changes as c
where c.keep
