-- Who has written 1:1 notes on sellers in $teams (a list of team names, null = every team), for
-- the author filter: one row per author and private flag (the page keeps only the rows of notes
-- the viewer may read, so a private note's author is not shown to others).
select distinct
    n.author,
    n.private
from coaching_notes as n
left join sellers as s on s.seller_id = n.seller_id
where
    n.author is not null
    and ($teams is null or list_contains($teams, s.team))
order by n.author, n.private
