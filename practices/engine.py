"""The step engine: pure functions over a pinned practice Version. No database, no requests.

Rules (the shape of content/library/practices/*.yaml):
- `actor` is sender | receiver (one person answers) or both | each_private (each answers once;
  the step moves on when both have). `each_private` answers with `private_until_both` stay
  hidden from the partner until both have answered.
- After an answer: a `branches` entry for the chosen answer wins, then `next`, then `then`
  (switch_roles | end), then the following step in the list; after the last step, the end.
- `then: switch_roles` offers to swap who speaks and go again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SWITCH = "_switch"  # the offer to swap roles, between rounds
END = "_end"

SINGLE_ACTORS = {"sender", "receiver"}
MULTI_ACTORS = {"both", "each_private"}
INPUTS = {"text", "feelings", "confirm", "rating", "none"}


def step_map(steps: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(step["key"]): step for step in steps}


def find_step(steps: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    for step in steps:
        if step["key"] == key:
            return step
    return None


def is_multi(step: dict[str, Any]) -> bool:
    return step.get("actor") in MULTI_ACTORS


def is_private(step: dict[str, Any]) -> bool:
    return step.get("actor") == "each_private" and bool(step.get("private_until_both", True))


def input_kind(step: dict[str, Any]) -> str:
    kind = str(step.get("input", "text"))
    return kind if kind in INPUTS else "text"


def actors(step: dict[str, Any], *, sender_id: int, receiver_id: int) -> list[int]:
    """Who answers this step (user ids, sender first)."""
    actor = step.get("actor")
    if actor == "sender":
        return [sender_id]
    if actor == "receiver":
        return [receiver_id]
    return [sender_id, receiver_id]


def waiting_for(
    step: dict[str, Any], *, sender_id: int, receiver_id: int, answered: Iterable[int]
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


def next_move(steps: list[dict[str, Any]], key: str, choice: str = "") -> Move:
    step = find_step(steps, key)
    if step is None:
        raise KeyError(key)
    branches = step.get("branches") or {}
    if choice and choice in branches:
        return Move(str(branches[choice]))
    if step.get("next"):
        return Move(str(step["next"]))
    then = step.get("then")
    if then == "switch_roles":
        return Move(SWITCH)
    if then == "end":
        return Move(END)
    index = steps.index(step)
    if index + 1 < len(steps):
        return Move(str(steps[index + 1]["key"]))
    return Move(END)


def choices(step: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers a confirm step offers, as (value, label)."""
    kind = input_kind(step)
    if kind == "confirm":
        labels = step.get("confirm_labels") or {}
        return [("yes", str(labels.get("yes", "Yes"))), ("no", str(labels.get("no", "No")))]
    if kind == "rating":
        return [(str(n), str(n)) for n in range(1, 6)]
    if kind == "none":
        return [("ready", "I'm ready")]
    return []


def waiting_text(step: dict[str, Any], *, name: str) -> str:
    template = str(step.get("waiting") or "Waiting for {name}.")
    return template.replace("{name}", name)


def validate(steps: list[dict[str, Any]]) -> list[str]:
    """Problems that would stop the engine running a practice (used by tests)."""
    problems = []
    keys = set(step_map(steps))
    for step in steps:
        if step.get("actor") not in SINGLE_ACTORS | MULTI_ACTORS:
            problems.append(f"{step['key']}: unknown actor {step.get('actor')!r}")
        targets = [*(step.get("branches") or {}).values(), step.get("next")]
        for target in targets:
            if target and target not in keys:
                problems.append(f"{step['key']}: goes to unknown step {target!r}")
    return problems
