"""A practice and its steps, and the flow rules (which step follows which answer), written
once so the conversation engine and the admin preview cannot disagree about them."""

from __future__ import annotations

import string
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from couplesafe.content.schema.fields import (
    ACTORS,
    ANSWERS,
    END,
    INPUTS,
    PRACTICE_KINDS,
    SWITCH,
    THEN,
    WAITING_PLACEHOLDERS,
    Key,
    Text,
    _choice,
    _Content,
    _non_empty_list,
    _whole,
    problem,
)


def _stems(value: Any) -> Any:
    if not isinstance(value, list):
        raise problem("must be a list of sentence stems")
    return value


def _stem(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise problem("is empty; every sentence stem needs words")
    return value


def _labels(value: Any) -> Any:
    if not isinstance(value, dict) or set(value) != set(ANSWERS):
        raise problem('needs exactly the answers "yes" and "no" (quote them in YAML)')
    return value


def _branches(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        raise problem("must map an answer to a step key")
    for answer in value:
        if answer not in ANSWERS:
            raise problem(f'unknown answer {answer!r} (expected "yes" or "no", quoted in YAML)')
    return value


def _check_placeholders(value: str) -> str:
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(value) if n is not None}
    except ValueError:
        raise problem("has an unmatched { or }") from None
    unknown = names - WAITING_PLACEHOLDERS
    if unknown:
        raise problem(f"unknown placeholder {{{sorted(unknown)[0]}}} (only {{name}} is filled in)")
    return value


class ConfirmLabels(_Content):
    yes: Text
    no: Text


class ModeText(_Content):
    """What a step says in one mode, where it differs: together in one room (spoken aloud)
    or apart (typed). A body-language cue belongs to the moment it matters."""

    instructions: Text | None = None
    waiting: Text | None = None
    cue: Text | None = None

    @field_validator("waiting")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return _check_placeholders(value)


class Step(_Content):
    key: Key
    actor: Annotated[Literal["sender", "receiver", "both", "each_private"], _choice(ACTORS)]
    title: Text
    instructions: Text
    waiting: Text
    input: Annotated[Literal["text", "feelings", "confirm", "rating", "none"], _choice(INPUTS)]
    stems: Annotated[list[Annotated[str, BeforeValidator(_stem)]], BeforeValidator(_stems)] = Field(
        default_factory=list
    )
    confirm_labels: Annotated[ConfirmLabels, BeforeValidator(_labels)] | None = None
    branches: Annotated[dict[str, Key], BeforeValidator(_branches)] = Field(default_factory=dict)
    next: Key | None = None
    then: Annotated[Literal["switch_roles", "end"], _choice(THEN)] | None = None
    private_until_both: bool | None = None
    # Gentle start-up coaching applies only where content asks for it (a complaint or a
    # request), never to a mirror or an appreciation.
    coach: bool = False
    # The author's answer here can become a gentle daily reminder (a repair plan, a gift).
    reminder: bool = False
    together: ModeText | None = None
    apart: ModeText | None = None
    # Shown in English to a viewer of another language (content/translations.py).
    _fallback: bool = PrivateAttr(default=False)

    @property
    def fallback(self) -> bool:
        return self._fallback

    @field_validator("waiting")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return _check_placeholders(value)

    @field_validator("private_until_both", mode="before")
    @classmethod
    def _boolean(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise problem("must be true or false")
        return value

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Self:
        if self.input in ("text", "feelings") and not self.stems:
            raise problem("is missing; a step that asks for words offers stems", field="stems")
        if self.input == "confirm" and self.confirm_labels is None:
            raise problem(
                'needs exactly the answers "yes" and "no" (quote them in YAML)',
                field="confirm_labels",
            )
        if self.input != "confirm" and self.confirm_labels is not None:
            raise problem(
                "only a step with input 'confirm' has answer labels", field="confirm_labels"
            )
        if self.branches and self.input != "confirm":
            raise problem("only a step with input 'confirm' can branch", field="branches")
        if self.next == self.key:
            raise problem("points at its own step, which would never end", field="next")
        if self.then and self.next:
            raise problem("a step either ends the round (then) or moves on (next)", field="then")
        if self.private_until_both and self.actor != "each_private":
            raise problem(
                "only a step where each writes privately (each_private) can stay private",
                field="private_until_both",
            )
        # Every answer of a question says where it leads, so a "no" can never be carried past
        # by accident. Versions published before this rule keep running as they were.
        stored = bool(info.context and info.context.get("stored"))
        if self.input == "confirm" and not (self.next or self.then) and not stored:
            for answer in ANSWERS:
                if answer not in self.branches:
                    raise problem(
                        f'does not say where the answer "{answer}" leads; add a branch for it '
                        "or a next step",
                        field="branches",
                    )
        return self

    # Reading helpers (the engine and the pages use these, never the raw dict).
    @property
    def is_multi(self) -> bool:
        return self.actor in ("both", "each_private")

    @property
    def is_private(self) -> bool:
        return self.actor == "each_private" and self.private_until_both is not False

    def answers(self) -> list[tuple[str, str]]:
        """A question's answers as (value, label), "yes" first."""
        if self.confirm_labels is None:
            return []
        return [("yes", self.confirm_labels.yes), ("no", self.confirm_labels.no)]

    def waiting_for(self, name: str, mode: str = "apart") -> str:
        return self.text_in(mode, "waiting").replace("{name}", name)

    def text_in(self, mode: str, name: Literal["instructions", "waiting", "cue"]) -> str:
        """A step's words in a mode: the mode's own wording where it has one."""
        own = self.together if mode == "together" else self.apart
        value = getattr(own, name, None) if own else None
        if value is None and name != "cue":
            value = getattr(self, name)
        return value or ""


class Practice(_Content):
    key: Key
    title: Text
    kind: Annotated[
        Literal["dialogue", "repair", "validation", "appreciation", "encounter", "check-in"],
        _choice(PRACTICE_KINDS),
    ]
    summary: Text
    for_whom: Text
    minutes: Annotated[int, _whole(1, 240, "must be a whole number of minutes between 1 and 240")]
    why: Text
    steps: Annotated[list[Step], BeforeValidator(_non_empty_list)]
    _fallback: bool = PrivateAttr(default=False)

    @property
    def fallback(self) -> bool:
        """The practice's own words (title, summary, why) are shown in English."""
        return self._fallback

    def mark_fallbacks(self, heading: bool, steps: set[str]) -> None:
        """Flag what a viewer of another language sees in English (content/translations.py)."""
        self._fallback = heading
        for step in self.steps:
            step._fallback = step.key in steps

    @model_validator(mode="before")
    @classmethod
    def _step_keys(cls, data: Any) -> Any:
        # Keys first, by position: later problems name steps by their key.
        steps = data.get("steps") if isinstance(data, dict) else None
        if isinstance(steps, list):
            seen: set[str] = set()
            for index, step in enumerate(steps):
                key = step.get("key") if isinstance(step, dict) else None
                if isinstance(key, str) and key in seen:
                    raise problem(f"duplicate key '{key}'", field=f"steps[{index}].key")
                if isinstance(key, str):
                    seen.add(key)
        return data

    @model_validator(mode="after")
    def _flow(self) -> Self:
        keys = {step.key for step in self.steps}
        for step in self.steps:
            where = f"steps.{step.key}"
            for answer, target in step.branches.items():
                if target not in keys:
                    raise problem(
                        f"points at a missing step '{target}'",
                        field=f"{where}.branches.{answer}",
                    )
            if step.next and step.next not in keys:
                raise problem(f"points at a missing step '{step.next}'", field=f"{where}.next")
        last = self.steps[-1]
        if last.then is None and last.next is None:
            raise problem(
                "is missing; the last step says how the round ends (switch_roles or end)",
                field=f"steps.{last.key}.then",
            )
        reached = self.reachable(self.steps[0].key)
        for step in self.steps:
            if step.key not in reached:
                raise problem("can never be reached from the first step", field=f"steps.{step.key}")
        return self

    # --- The flow rules ---------------------------------------------------------------
    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def number(self, key: str) -> int:
        return next(i for i, step in enumerate(self.steps, start=1) if step.key == key)

    def after(self, key: str, answer: str = "") -> str:
        """Where a completed step leads: a step key, SWITCH or END. A branch for the answer
        wins, then `next`, then `then`, then the following step; after the last, the end."""
        step = self.step(key)
        if answer in step.branches:
            return step.branches[answer]
        if step.next:
            return step.next
        if step.then == "switch_roles":
            return SWITCH
        if step.then == "end":
            return END
        index = self.steps.index(step)
        return self.steps[index + 1].key if index + 1 < len(self.steps) else END

    def successors(self, key: str) -> list[str]:
        """Every step key a step can lead to (empty when it ends the round)."""
        step = self.step(key)
        answers = [value for value, _ in step.answers()] or [""]
        targets = {self.after(key, answer) for answer in answers}
        return sorted(t for t in targets if t not in (SWITCH, END))

    def reachable(self, start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for target in self.successors(todo.pop()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen
