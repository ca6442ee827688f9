-- Every 1:1 note (joined with the analytics data in DuckDB: queries/coaching_notes_search.sql).
select
    n.note_id,
    n.seller_id,
    n.held_on,
    n.author,
    n.goal,
    n.reality,
    n.options,
    n.will,
    n.private,
    n.created_at,
    n.updated_at,
    n.author_id,
    n.editor,
    n.editor_id
from coaching_notes as n
