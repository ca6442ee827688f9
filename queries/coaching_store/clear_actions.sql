-- Remove every agreed action (a new demo database replaces the embedded store's rows).
delete from coaching_actions
