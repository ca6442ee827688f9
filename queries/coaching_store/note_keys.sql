-- Every note id (the importer checks imported actions against them).
select n.note_id from coaching_notes as n
