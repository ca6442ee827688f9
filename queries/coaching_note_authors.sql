-- Who has written 1:1 notes on sellers in $teams (a list of team names, null = every team) or,
-- written by $author_id (a login; null: nobody; or, imported without a login, by $author_name),
-- on any seller, for the author filter: one row
-- per author and private flag (the page keeps only the rows of notes the viewer may read, so a
-- private note's author is not shown to others).
select distinct
    n.author,
    n.author_id,
    n.private
from {{ coaching('note_authors') }} as n
left join sellers as s on s.seller_id = n.seller_id
where
    $teams is null
    or list_contains($teams, s.team)
    or (
        $author_id is not null
        and (n.author_id = $author_id or (n.author_id is null and lower(n.author) = lower($author_name)))
    )
order by n.author, n.author_id nulls first, n.private
