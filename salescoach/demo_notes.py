"""The demo's 1:1 notes as data: one GROW template per coaching topic, filled in with one seller's numbers.

Each template holds the Goal, Reality, Options and Will texts and the candidate actions
(owner, description) of one kind of 1:1; `salescoach.demo` picks a topic per 1:1 and a few
of its actions. Placeholders name the seller's facts of that month (`salescoach.demo`
computes them); `{name:eur}` writes a euro amount the way a manager jots it down
(€12k, €1.2M, €4,300).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class NoteTemplate:
    """The texts of one kind of 1:1 and the actions a seller and manager may agree on."""

    goal: str
    reality: str
    options: str
    will: str
    actions: tuple[tuple[str, str], ...]  # (owner, description)


@dataclass(frozen=True)
class NoteText:
    """One 1:1 written out: the GROW texts and its candidate actions."""

    goal: str
    reality: str
    options: str
    will: str
    actions: list[tuple[str, str]]


_HIGH_HIT_RATE = {
    "goal": "Goal: raise meetings from {meetings_last_month} to {meetings_goal} a month while keeping the hit rate "
    "above 60%.",
    "options": "Options: hand offer paperwork to sales support; reuse the winning proposal template; ask satisfied "
    "customers for two introductions each.",
    "will": "Will: book two extra first meetings every week and keep Friday afternoons for prospecting calls.",
    "actions": (
        ("seller", "Book two extra first meetings every week"),
        ("manager", "Arrange sales support help with offer documents"),
        ("seller", "Ask three satisfied customers for introductions"),
        ("seller", "Keep Friday afternoons free for prospecting calls"),
    ),
}
_HIGH_HIT_RATE_REALITY = (
    "Reality: hit rate is {hit_rate_12_months}% over the last 12 months ({won_12_months} won of "
    "{closed_12_months}), the best in the team, but "
)

NOTE_TEMPLATES: dict[str, NoteTemplate] = {
    # The thin-January story: before the turn of the year, and looking back at January.
    "q1_ahead": NoteTemplate(
        goal="Goal: rebuild the Q1 {q1_year} pipeline to 3× the Q1 target ({q1_pipeline_goal:eur}) by 15 January.",
        reality="Reality: only {q1_pipeline:eur} of open offers is expected to close in Q1 {q1_year} against a Q1 "
        "target of {q1_target:eur}; last January started with {january_pipeline:eur} in Q1 pipeline "
        "(team median {january_team_median:eur}).",
        options="Options: keep two prospecting mornings a week through December; ask every December buyer about "
        "next year's budget; offer January delivery instead of squeezing every signature into December.",
        will="Will: send at least 8 offers with a Q1 close date before 20 December and go through the Q1 list with "
        "{manager_first_name} on 8 January.",
        actions=(
            ("seller", "Send 8 offers with a Q1 close date before 20 December"),
            ("seller", "Block Tuesday and Thursday mornings for prospecting calls until Christmas"),
            ("manager", "Review the Q1 pipeline list together in the first 1:1 of January"),
            ("seller", "Ask each December buyer about their Q1 budget and log it in the CRM"),
        ),
    ),
    "q1_review": NoteTemplate(
        goal="Goal: keep open pipeline above 2× next month's target every month so the December push does not "
        "empty Q1 again.",
        reality="Reality: {december_won} offers were won in December {december_year}, but January {january_year} "
        "started with {january_pipeline:eur} expected to close in Q1 (team median {january_team_median:eur}) "
        "and January sales were {january_sales:eur} against a target of {january_target:eur}.",
        options="Options: set a weekly minimum of new offers that holds also in December; plan Q1 deliveries with "
        "customers already in November; keep a list of early-year budget owners.",
        will="Will: send at least {offers_goal} offers a month and report the pipeline coverage in every 1:1.",
        actions=(
            ("seller", "Send at least {offers_goal} offers every month, December included"),
            ("seller", "List ten customers whose budget year starts in January"),
            ("manager", "Add pipeline coverage to the monthly 1:1 agenda"),
        ),
    ),
    # The high-hit-rate story: too few meetings against the target, or a calendar with room.
    "high_hit_few_meetings": NoteTemplate(
        **_HIGH_HIT_RATE,
        reality=_HIGH_HIT_RATE_REALITY
        + "only {meetings_last_month} meetings in {last_month_name} against a target of "
        "{meetings_target_last_month}.",
    ),
    "high_hit_free_afternoons": NoteTemplate(
        **_HIGH_HIT_RATE,
        reality=_HIGH_HIT_RATE_REALITY
        + "{activities_last_month} activities in {last_month_name} is the lowest in the team and the calendar "
        "still has free afternoons.",
    ),
    # The busy seller who converts poorly.
    "busy": NoteTemplate(
        goal="Goal: lift the hit rate from {hit_rate_12_months}% to 20% by qualifying customers before sending "
        "offers.",
        reality="Reality: {activities_last_month} activities in {last_month_name}, the most in the team, but only "
        "{won_12_months} of {closed_12_months} closed offers won in 12 months; needs were discussed in "
        "{needs_share_3_months}% of meetings with a recorded answer.",
        options="Options: ask the four qualification questions before quoting; drop offers without a named decision "
        "maker; replace part of the cold calls with follow-up meetings at warm prospects.",
        will="Will: send offers only after a needs meeting and go through every lost offer's reason with "
        "{manager_first_name} on Fridays.",
        actions=(
            ("seller", "Use the qualification checklist before every offer"),
            ("seller", "Close or requalify offers without a named decision maker"),
            ("manager", "Review lost offers and their loss reasons together every Friday"),
            ("manager", "Join two needs-discovery meetings as an observer"),
        ),
    ),
    # The new seller: the first 1:1, then ramping up.
    "onboarding_start": NoteTemplate(
        goal="Goal: finish product training and hold the first 10 customer meetings by {due_in_45_days}.",
        reality="Reality: started on {joined_on}; {meetings_so_far} meetings and {calls_so_far} calls so far, and "
        "most of the {accounts} accounts in the territory have not been contacted yet.",
        options="Options: shadow {buddy} in two customer meetings; start with existing customers who order "
        "regularly; use the call script for prospects.",
        will="Will: book three meetings a week and send the first offers before {due_in_45_days}.",
        actions=(
            ("seller", "Complete the product training modules"),
            ("seller", "Shadow {buddy} in two customer meetings"),
            ("manager", "Introduce the new seller to the ten largest existing customers"),
            ("seller", "Book three customer meetings every week"),
        ),
    ),
    "onboarding": NoteTemplate(
        goal="Goal: reach the full meeting target of {full_meetings_target} meetings a month by "
        "{full_target_month}.",
        reality="Reality: meetings grew from {meetings_first_month} in {first_full_month_name} to "
        "{meetings_last_month} in {last_month_name}; {offers_so_far} offers sent and {won_so_far} won so far.",
        options="Options: ask existing customers for reference calls; reuse team proposal templates; prioritise "
        "accounts with a recent order.",
        will="Will: add {meetings_to_add} meetings next month and send every offer within two days of the meeting.",
        actions=(
            ("seller", "Add two customer meetings a week to the calendar"),
            ("seller", "Send offers within two days of the meeting"),
            ("manager", "Ride along in one prospect meeting and give feedback"),
        ),
    ),
    # The seller who left: the last 1:1s hand the pipeline over.
    "handover": NoteTemplate(
        goal="Goal: hand over all open offers and accounts to {successor} before the last working day, {last_day}.",
        reality="Reality: {handover_offers} open offers worth {handover_value:eur} and {accounts} accounts need a "
        "new owner; some customers do not know about the change yet.",
        options="Options: hold joint calls with the largest customers; write a short status note for every open "
        "offer; update close dates before the handover.",
        will="Will: introduce {successor} to the five largest customers and finish the handover notes.",
        actions=(
            ("seller", "Introduce {successor} to the five largest customers"),
            ("seller", "Write a status note for every open offer"),
            ("manager", "Reassign the accounts in the CRM"),
        ),
    ),
    # Everyday topics, taken in turn.
    "needs": NoteTemplate(
        goal="Goal: record customer needs in at least 80% of meetings by the end of {month_name}.",
        reality="Reality: needs were discussed in {needs_share_3_months}% of the {needs_recorded_3_months} meetings "
        "with a recorded answer in the last three months, and {needs_blank_3_months} meetings had the field left "
        "empty.",
        options="Options: open every meeting with the three discovery questions; update the CRM right after the "
        "meeting; compare lost offers with the meetings where needs were not discussed.",
        will="Will: fill in needs for every meeting the same day and bring five meeting notes to the next 1:1.",
        actions=(
            ("seller", "Fill in needs for every meeting on the same day"),
            ("seller", "Bring five meeting notes to the next 1:1"),
            ("manager", "Share the three discovery questions as a one-page guide"),
        ),
    ),
    "mix": NoteTemplate(
        goal="Goal: hold at least {prospect_meetings_goal} new-business meetings a month while keeping existing "
        "customers covered.",
        reality="Reality: {existing_share_3_months}% of the {meetings_3_months} meetings in the last three months "
        "were with existing customers and {prospect_meetings_3_months} with prospects.",
        options="Options: reserve Monday mornings for prospecting calls; use a recent customer case as a reference; "
        "ask existing customers for introductions to sister companies.",
        will="Will: book {prospect_meetings_goal} meetings with prospects in {month_name}.",
        actions=(
            ("seller", "Book {prospect_meetings_goal} meetings with prospects"),
            ("seller", "Ask two existing customers for introductions"),
            ("manager", "Share the latest customer case for reference use"),
        ),
    ),
    "overdue": NoteTemplate(
        goal="Goal: every open offer has a next step and a realistic close date by {due_day}.",
        reality="Reality: {overdue_offers} open offers worth {overdue_value:eur} are past their expected close "
        "date; open pipeline in total is {open_pipeline:eur}.",
        options="Options: call each customer to confirm timing; close offers with no answer for 60 days as lost (no "
        "decision); move realistic ones to next quarter.",
        will="Will: update all {overdue_offers} overdue offers by {due_day} and mark the dead ones lost.",
        actions=(
            ("seller", "Update the {overdue_offers} overdue offers with new close dates"),
            ("seller", "Mark offers without an answer for 60 days as lost"),
            ("manager", "Check the cleaned pipeline in the CRM"),
        ),
    ),
    "target": NoteTemplate(
        goal="Goal: reach the {month_name} target of {sales_target:eur}.",
        reality="Reality: {last_month_name} sales were {sales_last_month:eur} against a target of "
        "{sales_target_last_month:eur} ({attainment_last_month}%); hit rate over 12 months is "
        "{hit_rate_12_months}%.",
        options="Options: prioritise the five largest open offers; involve {manager_first_name} in the two biggest "
        "negotiations; offer repeat customers an early-order delivery slot.",
        will="Will: agree next steps for the five largest open offers this week.",
        actions=(
            ("seller", "Agree next steps for the five largest open offers"),
            ("manager", "Join the two biggest negotiations"),
            ("seller", "Call repeat customers about early orders"),
        ),
    ),
    "deal_size": NoteTemplate(
        goal="Goal: raise the average won offer to {average_won_goal:eur} by adding the service agreement to every "
        "proposal.",
        reality="Reality: the average won offer over 12 months is {average_won:eur} against a team average of "
        "{team_average_won:eur}.",
        options="Options: quote a good-better-best option in every offer; add the service agreement as a line item; "
        "meet the budget owner, not only the user.",
        will="Will: include a service agreement and a larger option in every offer next month.",
        actions=(
            ("seller", "Add the service agreement to every proposal"),
            ("seller", "Quote a larger option in the next five offers"),
            ("manager", "Share the proposal template with options"),
        ),
    ),
    "pipeline": NoteTemplate(
        goal="Goal: grow open pipeline to 3× the {month_name} target ({pipeline_goal:eur}) by {due_day}.",
        reality="Reality: open pipeline is {open_pipeline:eur} in {open_offers} offers, {coverage:.1f}× the "
        "{month_name} target of {sales_target:eur}; {offers_last_month} offers were sent in {last_month_name}.",
        options="Options: reactivate existing customers without an order in six months; ask for an introduction at "
        "every delivery meeting; split the largest offer into a pilot and a full rollout.",
        will="Will: book 6 new-business meetings and send at least {offers_goal} offers before {due_day}.",
        actions=(
            ("seller", "Book 6 new-business meetings"),
            ("seller", "Send at least {offers_goal} offers"),
            ("seller", "Call existing customers without an order in six months"),
            ("manager", "Join one new-business meeting as a sparring partner"),
        ),
    ),
}
# The topics every seller goes through in turn (the stories replace most of them).
EVERYDAY_TOPICS = ("pipeline", "needs", "mix", "overdue", "target", "deal_size")


def euros(amount) -> str:
    """An amount as a manager jots it down: €1.2M, €12k, €4,300 (rounded to hundreds)."""
    amount = float(amount)
    if amount >= 995000:
        return f"€{amount / 1e6:.1f}M"
    if amount >= 10000:
        return f"€{round(amount / 1000):,.0f}k"
    return f"€{round(amount / 100) * 100:,.0f}"


class _NoteFormatter(string.Formatter):
    """`str.format` with one more format: `{amount:eur}` (see `euros`)."""

    def format_field(self, value, format_spec: str) -> str:
        return euros(value) if format_spec == "eur" else super().format_field(value, format_spec)


_FORMATTER = _NoteFormatter()


def template_for(topic: str, facts: Mapping[str, object]) -> NoteTemplate:
    """The template of `topic`; the high-hit-rate 1:1 reads differently when the seller is below
    the meetings target."""
    if topic == "high_hit":
        below_target = facts["meetings_last_month"] < facts["meetings_target_last_month"]
        return NOTE_TEMPLATES["high_hit_few_meetings" if below_target else "high_hit_free_afternoons"]
    return NOTE_TEMPLATES[topic]


def render_note(topic: str, facts: Mapping[str, object]) -> NoteText:
    """The 1:1 of `topic` written out with one seller's `facts`."""
    template = template_for(topic, facts)

    def fill(text: str) -> str:
        return _FORMATTER.vformat(text, (), facts)

    return NoteText(
        goal=fill(template.goal),
        reality=fill(template.reality),
        options=fill(template.options),
        will=fill(template.will),
        actions=[(owner, fill(description)) for owner, description in template.actions],
    )
