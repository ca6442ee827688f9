-- Before an import's changes are written (queries/offer_changes.sql, registered as
-- recorded_changes): the rows of the same offer, field and day they replace.
delete from offer_history as h
where exists (
    select 1
    from recorded_changes as c
    where c.offer_id = h.offer_id and c.field = h.field and c.changed_on = h.changed_on
)
