-- Remove every 1:1 note (a new demo database replaces the embedded store's rows).
delete from coaching_notes
