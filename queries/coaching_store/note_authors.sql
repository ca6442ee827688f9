-- Who has written 1:1 notes: one row per seller, author and private flag, with the author's
-- login identity (for the author picker of queries/coaching_note_authors.sql).
select distinct
    n.seller_id,
    n.author,
    n.author_id,
    n.private
from coaching_notes as n
where n.author is not null
