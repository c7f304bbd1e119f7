"""The step engine: pure functions over a pinned practice Version's typed steps
(couplesafe/content/schema/). No database, no requests.

Rules (the shape of content/library/practices/*.yaml, checked by the schema at publish time):
- `actor` is sender | receiver (one person answers) or both | each_private (each answers once;
  the step moves on when both have). `each_private` answers with `private_until_both` stay
  hidden from the partner until both have answered.
- Where a completed step leads is `Practice.after` (the schema owns the flow rules, so the
  admin preview walks the same way): a branch for the answer, then `next`, then `then`
  (switch_roles | end), then the following step.
- `then: switch_roles` offers to swap who speaks and go again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from couplesafe.content.schema import END, SWITCH, Practice, Step

__all__ = ["END", "SWITCH", "Move", "actors", "choices", "next_move", "waiting_for"]


def actors(step: Step, *, sender_id: int, receiver_id: int) -> list[int]:
    """Who answers this step (user ids, sender first)."""
    if step.actor == "sender":
        return [sender_id]
    if step.actor == "receiver":
        return [receiver_id]
    return [sender_id, receiver_id]


def waiting_for(
    step: Step, *, sender_id: int, receiver_id: int, answered: Iterable[int]
) -> list[int]:
    """Who still has to answer the current visit of this step."""
    done = set(answered)
    return [
        person
        for person in actors(step, sender_id=sender_id, receiver_id=receiver_id)
        if person not in done
    ]


@dataclass(frozen=True)
class Move:
    """Where the conversation goes after a step is complete: a step key, SWITCH or END."""

    to: str

    @property
    def is_step(self) -> bool:
        return self.to not in {SWITCH, END}


def next_move(practice: Practice, key: str, choice: str = "") -> Move:
    return Move(practice.after(key, choice))


def choices(step: Step) -> list[tuple[str, str]]:
    """The answers a step offers as buttons, as (value, label)."""
    if step.input == "confirm":
        return step.answers()
    if step.input == "rating":
        return [(str(n), str(n)) for n in range(1, 6)]
    if step.input == "none":
        return [("ready", _("I'm ready"))]
    return []
