-- All 1:1 notes, newest first, with their seller and action counts, filtered by: text in any
-- GROW field ($pattern, an escaped ilike pattern, null: any), team ($teams; a note written by
-- $author_id, a login, is kept whatever the seller's team now is: so is a note without a login,
-- imported, whose author is $author_name), seller, author, date range (each null: any), notes
-- with open actions only, and private notes included or not.
-- Overdue = open after the due date on $as_of.
with
notes as (
    select
        n.note_id,
        n.held_on,
        n.seller_id,
        s.name as seller,
        s.team,
        n.author,
        n.private,
        n.goal,
        n.reality,
        n.options,
        n.will,
        coalesce(c.actions, 0) as actions,
        coalesce(c.open_actions, 0) as open_actions,
        coalesce(c.overdue_actions, 0) as overdue_actions,
        n.author_id,
        n.editor,
        n.editor_id
    from {{ coaching('notes') }} as n
    left join sellers as s on s.seller_id = n.seller_id
    left join {{ coaching('action_counts') }} as c on c.note_id = n.note_id
)

select *
from notes
where
    (
        $pattern is null
        or goal ilike $pattern escape '\'
        or reality ilike $pattern escape '\'
        or options ilike $pattern escape '\'
        or will ilike $pattern escape '\'
    )
    and (
        $teams is null
        or list_contains($teams, team)
        or (
            $author_id is not null
            and (author_id = $author_id or (author_id is null and lower(author) = lower($author_name)))
        )
    )
    and ($seller_id is null or seller_id = $seller_id)
    and ($author is null or author = $author)
    and ($date_from is null or held_on >= cast($date_from as date))
    and ($date_to is null or held_on <= cast($date_to as date))
    and (not $open_actions_only or open_actions > 0)
    and ($include_private or not private)
order by held_on desc, note_id desc
