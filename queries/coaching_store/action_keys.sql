-- Every action id.
select a.action_id from coaching_actions as a
