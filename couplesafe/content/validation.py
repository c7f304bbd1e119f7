"""Checks that a piece of content is well formed and consistent before it can be published.

Pure functions over plain dicts (no database): the loader runs them over every shipped file
before writing anything, and the admin's "publish" action runs them over a draft. A problem
raises ContentError naming the file, the item and the field, so an editor can find it.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from typing import Any, NoReturn

PRACTICE_KINDS = ("dialogue", "repair", "validation", "appreciation", "encounter", "check-in")
ACTORS = ("sender", "receiver", "both", "each_private")
INPUTS = ("text", "feelings", "confirm", "rating", "none")
THEN = ("switch_roles", "end")
ANSWERS = ("yes", "no")
CARD_CATEGORIES = ("connect", "communicate", "create")
CARD_DEPTHS = ("light", "deeper", "tender")
QUESTION_KINDS = ("space", "need")
WAITING_PLACEHOLDERS = {"name"}

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PRACTICE_FIELDS = {"key", "title", "kind", "summary", "for_whom", "minutes", "why", "steps"}
STEP_FIELDS = {
    "key",
    "actor",
    "title",
    "instructions",
    "waiting",
    "input",
    "stems",
    "confirm_labels",
    "branches",
    "next",
    "then",
    "private_until_both",
}
DECK_FIELDS = {"key", "title", "description", "categories", "cards"}
CARD_FIELDS = {"key", "category", "depth", "text", "follow_up", "tags"}
WORDS_FIELDS = {"key", "title", "groups"}
GROUP_FIELDS = {"key", "label", "words"}
CHECKIN_FIELDS = {"key", "title", "mood_scale", "questions"}
MOOD_FIELDS = {"value", "label", "hint"}
QUESTION_FIELDS = {"key", "kind", "text"}


class ContentError(Exception):
    """A file (or draft) that cannot be published. str() is the message shown to editors."""

    def __init__(self, source: str, item: str, field: str, problem: str) -> None:
        self.source = source
        self.item = item
        self.field = field
        self.problem = problem
        super().__init__(f"{source}: item '{item}', field '{field}': {problem}")


class _Checker:
    def __init__(self, source: str, data: Any) -> None:
        self.source = source
        self.item = "?"
        if not isinstance(data, dict):
            self.fail("(file)", "expected a mapping of fields at the top level")
        key = data.get("key")
        if isinstance(key, str) and key:
            self.item = key
        self.data: dict[str, Any] = data

    def fail(self, field: str, problem: str) -> NoReturn:
        raise ContentError(self.source, self.item, field, problem)

    def known_fields(self, mapping: Any, allowed: set[str], where: str) -> dict[str, Any]:
        if not isinstance(mapping, dict):
            self.fail(where or "(file)", "expected a mapping of fields")
        for name in mapping:
            if name not in allowed:
                label = f"{where}.{name}" if where else str(name)
                self.fail(label, f"unknown field (expected one of: {', '.join(sorted(allowed))})")
        return mapping

    def text(
        self, mapping: dict[str, Any], name: str, where: str, *, required: bool = True
    ) -> None:
        label = f"{where}.{name}" if where else name
        if name not in mapping:
            if required:
                self.fail(label, "is missing")
            return
        value = mapping[name]
        if not isinstance(value, str) or not value.strip():
            self.fail(label, "must be non-empty text")

    def key(self, mapping: dict[str, Any], where: str) -> str:
        label = f"{where}.key" if where else "key"
        value = mapping.get("key")
        if not isinstance(value, str) or not _KEY.match(value):
            self.fail(label, "must be a lowercase key of letters, digits and hyphens")
        return str(value)

    def choice(
        self, mapping: dict[str, Any], name: str, where: str, allowed: tuple[str, ...]
    ) -> str:
        label = f"{where}.{name}" if where else name
        value = mapping.get(name)
        if value not in allowed:
            self.fail(label, f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
        return str(value)

    def non_empty_list(self, mapping: dict[str, Any], name: str, where: str) -> list[Any]:
        label = f"{where}.{name}" if where else name
        value = mapping.get(name)
        if not isinstance(value, list) or not value:
            self.fail(label, "must be a non-empty list")
        return list(value)

    def unique(self, seen: set[str], key: str, label: str) -> None:
        if key in seen:
            self.fail(label, f"duplicate key '{key}'")
        seen.add(key)

    def json_safe(self) -> None:
        try:
            json.dumps(self.data)
        except TypeError as error:
            self.fail("(file)", f"holds a value that is not plain text or a number ({error})")


def check_practice(data: Any, source: str) -> dict[str, Any]:
    """A practice: ordered steps, each with an actor, an input kind and flow rules that
    all point at steps that exist."""
    c = _Checker(source, data)
    c.known_fields(c.data, PRACTICE_FIELDS, "")
    c.key(c.data, "")
    for name in ("title", "summary", "for_whom", "why"):
        c.text(c.data, name, "")
    c.choice(c.data, "kind", "", PRACTICE_KINDS)
    minutes = c.data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
        c.fail("minutes", "must be a whole number of minutes between 1 and 240")
    steps = c.non_empty_list(c.data, "steps", "")
    keys: set[str] = set()
    for index, step in enumerate(steps):
        c.known_fields(step, STEP_FIELDS, f"steps[{index}]")
        c.unique(keys, c.key(step, f"steps[{index}]"), f"steps[{index}].key")
    for step in steps:
        _check_step(c, step, keys)
    last = steps[-1]
    if "then" not in last and "next" not in last:
        c.fail(
            f"steps.{last['key']}.then",
            "is missing; the last step says how the round ends (switch_roles or end)",
        )
    _check_reachable(c, steps)
    c.json_safe()
    return c.data


def _check_step(c: _Checker, step: dict[str, Any], keys: set[str]) -> None:
    where = f"steps.{step['key']}"
    c.choice(step, "actor", where, ACTORS)
    kind = c.choice(step, "input", where, INPUTS)
    c.text(step, "title", where)
    c.text(step, "instructions", where)
    c.text(step, "waiting", where)
    _check_placeholders(c, step["waiting"], f"{where}.waiting")
    if "stems" in step:
        stems = step["stems"]
        if not isinstance(stems, list):
            c.fail(f"{where}.stems", "must be a list of sentence stems")
        for index, stem in enumerate(stems):
            if not isinstance(stem, str) or not stem.strip():
                c.fail(f"{where}.stems[{index}]", "is empty; every sentence stem needs words")
    elif kind in ("text", "feelings"):
        c.fail(f"{where}.stems", "is missing; a step that asks for words offers stems")
    if kind == "confirm":
        labels = step.get("confirm_labels")
        if not isinstance(labels, dict) or set(labels) != set(ANSWERS):
            c.fail(
                f"{where}.confirm_labels",
                'needs exactly the answers "yes" and "no" (quote them in YAML)',
            )
        for answer in ANSWERS:
            c.text(labels, answer, f"{where}.confirm_labels")
    elif "confirm_labels" in step:
        c.fail(f"{where}.confirm_labels", "only a step with input 'confirm' has answer labels")
    if "branches" in step:
        branches = step["branches"]
        if kind != "confirm":
            c.fail(f"{where}.branches", "only a step with input 'confirm' can branch")
        if not isinstance(branches, dict) or not branches:
            c.fail(f"{where}.branches", "must map an answer to a step key")
        for answer, target in branches.items():
            if answer not in ANSWERS:
                c.fail(
                    f"{where}.branches",
                    f'unknown answer {answer!r} (expected "yes" or "no", quoted in YAML)',
                )
            if target not in keys:
                c.fail(f"{where}.branches.{answer}", f"points at a missing step '{target}'")
    if "next" in step and step["next"] not in keys:
        c.fail(f"{where}.next", f"points at a missing step '{step['next']}'")
    if "next" in step and step["next"] == step["key"]:
        c.fail(f"{where}.next", "points at its own step, which would never end")
    if "then" in step:
        c.choice(step, "then", where, THEN)
        if "next" in step:
            c.fail(f"{where}.then", "a step either ends the round (then) or moves on (next)")
    if "private_until_both" in step:
        if not isinstance(step["private_until_both"], bool):
            c.fail(f"{where}.private_until_both", "must be true or false")
        if step["private_until_both"] and step["actor"] != "each_private":
            c.fail(
                f"{where}.private_until_both",
                "only a step where each writes privately (each_private) can stay private",
            )


def _check_placeholders(c: _Checker, text: str, label: str) -> None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        c.fail(label, "has an unmatched { or }")
    unknown = fields - WAITING_PLACEHOLDERS
    if unknown:
        c.fail(label, f"unknown placeholder {{{sorted(unknown)[0]}}} (only {{name}} is filled in)")


def successors(steps: list[dict[str, Any]], index: int) -> list[str]:
    """The step keys a step can lead to (empty when it ends the round). An answer without a
    branch carries on to `next`, or else to the following step; so does a step without rules."""
    step = steps[index]
    if "then" in step:
        return []
    targets = list(step.get("branches", {}).values())
    if "next" in step:
        targets.append(step["next"])
    elif index + 1 < len(steps):
        targets.append(steps[index + 1]["key"])
    return targets


def _check_reachable(c: _Checker, steps: list[dict[str, Any]]) -> None:
    by_key = {step["key"]: index for index, step in enumerate(steps)}
    seen = {steps[0]["key"]}
    todo = [0]
    while todo:
        for target in successors(steps, todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(by_key[target])
    for step in steps:
        if step["key"] not in seen:
            c.fail(f"steps.{step['key']}", "can never be reached from the first step")


def check_deck(data: Any, source: str) -> dict[str, Any]:
    c = _Checker(source, data)
    c.known_fields(c.data, DECK_FIELDS, "")
    c.key(c.data, "")
    c.text(c.data, "title", "")
    c.text(c.data, "description", "", required=False)
    categories = c.data.get("categories")
    if not isinstance(categories, dict) or not categories:
        c.fail("categories", "must map each category to a short description")
    for name in categories:
        if name not in CARD_CATEGORIES:
            c.fail(
                f"categories.{name}",
                f"unknown category (expected one of: {', '.join(CARD_CATEGORIES)})",
            )
        c.text(categories, name, "categories")
    keys: set[str] = set()
    for index, card in enumerate(c.non_empty_list(c.data, "cards", "")):
        c.known_fields(card, CARD_FIELDS, f"cards[{index}]")
        key = c.key(card, f"cards[{index}]")
        c.unique(keys, key, f"cards[{index}].key")
        where = f"cards.{key}"
        category = card.get("category")
        if category not in categories:
            c.fail(
                f"{where}.category",
                f"unknown category {category!r} (this deck has: {', '.join(categories)})",
            )
        c.choice(card, "depth", where, CARD_DEPTHS)
        c.text(card, "text", where)
        c.text(card, "follow_up", where, required=False)
        tags = card.get("tags", [])
        if not isinstance(tags, list) or not all(
            isinstance(t, str) and _KEY.match(t) for t in tags
        ):
            c.fail(f"{where}.tags", "must be a list of lowercase tags")
    c.json_safe()
    return c.data


def check_words(data: Any, source: str) -> dict[str, Any]:
    c = _Checker(source, data)
    c.known_fields(c.data, WORDS_FIELDS, "")
    c.key(c.data, "")
    c.text(c.data, "title", "")
    keys: set[str] = set()
    for index, group in enumerate(c.non_empty_list(c.data, "groups", "")):
        c.known_fields(group, GROUP_FIELDS, f"groups[{index}]")
        key = c.key(group, f"groups[{index}]")
        c.unique(keys, key, f"groups[{index}].key")
        c.text(group, "label", f"groups.{key}")
        words = c.non_empty_list(group, "words", f"groups.{key}")
        seen_words: set[str] = set()
        for w_index, word in enumerate(words):
            if not isinstance(word, str) or not word.strip():
                c.fail(f"groups.{key}.words[{w_index}]", "is empty")
            c.unique(seen_words, word, f"groups.{key}.words[{w_index}]")
    c.json_safe()
    return c.data


def check_checkin(data: Any, source: str) -> dict[str, Any]:
    c = _Checker(source, data)
    c.known_fields(c.data, CHECKIN_FIELDS, "")
    c.key(c.data, "")
    c.text(c.data, "title", "")
    values = []
    for index, mood in enumerate(c.non_empty_list(c.data, "mood_scale", "")):
        c.known_fields(mood, MOOD_FIELDS, f"mood_scale[{index}]")
        value = mood.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            c.fail(f"mood_scale[{index}].value", "must be a whole number from 1 to 5")
        values.append(value)
        c.text(mood, "label", f"mood_scale[{index}]")
        c.text(mood, "hint", f"mood_scale[{index}]")
    if sorted(values) != [1, 2, 3, 4, 5]:
        c.fail("mood_scale", "must list each mood from 1 to 5 exactly once")
    keys: set[str] = set()
    kinds: set[str] = set()
    for index, question in enumerate(c.non_empty_list(c.data, "questions", "")):
        c.known_fields(question, QUESTION_FIELDS, f"questions[{index}]")
        key = c.key(question, f"questions[{index}]")
        c.unique(keys, key, f"questions[{index}].key")
        kinds.add(c.choice(question, "kind", f"questions.{key}", QUESTION_KINDS))
        c.text(question, "text", f"questions.{key}")
    for kind in QUESTION_KINDS:
        if kind not in kinds:
            c.fail("questions", f"needs at least one question of kind '{kind}'")
    c.json_safe()
    return c.data


CHECKERS: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "practice": check_practice,
    "deck": check_deck,
    "words": check_words,
    "checkin": check_checkin,
}


def check(kind: str, data: Any, source: str) -> dict[str, Any]:
    """Check content of an Item kind; returns the data unchanged or raises ContentError."""
    return CHECKERS[kind](data, source)
