"""Translations of library items: what a translation may change, and how a viewer's language
is laid over the English item.

A translation (`library/translations/<lang>/<the English file's path>`, or an editor's draft
in the admin) is a copy of the English item with only the words translated. Every key, step
key, `next`/`then`/branch target, kind, actor, input, depth, category, tag, number and flag is
the English file's: `check` refuses anything else, naming the file and the field, so a
translation can never change how a practice flows. A translation may leave fields or whole
items out (a translator not finished yet); the English is then shown for them.

Visibly, never silently mixed: `localize` lays a translation over the English item one
*unit* at a time — the item's own heading, each step, card, word group, mood and question.
A unit whose every text is translated is shown translated; any other unit is shown wholly in
English and flagged `fallback`, so the page marks it `lang="en"` with a "Not yet translated"
note (`{% load languages %}`). The words partners type are never touched by any of this.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from couplesafe.content.validation import ContentError

# Fields whose value is words a person reads (everything else must stay as in English).
TEXT = {
    "title",
    "instructions",
    "waiting",
    "cue",
    "summary",
    "for_whom",
    "why",
    "text",
    "follow_up",
    "description",
    "label",
    "hint",
}
TEXT_LISTS = {"stems", "words"}  # lists of words, position by position
TEXT_MAPS = {"categories", "confirm_labels"}  # fixed keys, translated values
NESTED = {"together", "apart"}  # a step's wording in one mode: part of the step's unit
# Lists of units, each matched to its English item by this field.
UNITS = {"steps": "key", "cards": "key", "groups": "key", "questions": "key", "mood_scale": "value"}

FALLBACK = "fallback"  # the flag `localize` sets on a unit shown in English


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


class _Checker:
    def __init__(self, source: str, item: str) -> None:
        self.source, self.item = source, item

    def fail(self, path: str, problem: str) -> NoReturn:
        raise ContentError(self.source, self.item, path or "(file)", problem)

    def mapping(self, english: Mapping[str, Any], translated: Any, path: str) -> None:
        if not isinstance(translated, dict):
            self.fail(path, "must be a mapping of fields, like the English file")
        for name, value in translated.items():
            where = _join(path, str(name))
            if name not in english:
                self.fail(where, "is not in the English file (a translation changes only words)")
            self.value(str(name), english[name], value, where)

    def value(self, name: str, english: Any, translated: Any, path: str) -> None:
        if name in TEXT:
            self.text(english, translated, path)
        elif name in TEXT_LISTS:
            if not isinstance(translated, list) or len(translated) != len(english):
                self.fail(path, f"must be a list of {len(english)} translations, one for each")
            for index, (en, tr) in enumerate(zip(english, translated, strict=True)):
                self.text(en, tr, _join(path, index))
        elif name in TEXT_MAPS:
            if not isinstance(translated, dict):
                self.fail(path, "must be a mapping like the English file")
            for key, tr in translated.items():
                if key not in english:
                    self.fail(_join(path, str(key)), "is not in the English file")
                self.text(english[key], tr, _join(path, str(key)))
        elif name in NESTED:
            self.mapping(english, translated, path)
        elif name in UNITS:
            self.units(UNITS[name], english, translated, path)
        elif translated != english:
            self.fail(
                path,
                f"must stay {english!r} as in the English file (only words are translated)",
            )

    def text(self, english: Any, translated: Any, path: str) -> None:
        if not isinstance(translated, str) or not translated.strip():
            self.fail(path, "must be non-empty text (leave the field out to show the English)")
        if isinstance(english, str) and _placeholders(english) != _placeholders(translated):
            self.fail(path, "must keep the placeholders of the English text, such as {name}")

    def units(self, id_field: str, english: list[Any], translated: Any, path: str) -> None:
        if not isinstance(translated, list):
            self.fail(path, "must be a list like the English file")
        positions = {item.get(id_field): i for i, item in enumerate(english)}
        last = -1
        for index, unit in enumerate(translated):
            ident = unit.get(id_field) if isinstance(unit, dict) else None
            where = _join(path, ident) if isinstance(ident, str) else _join(path, index)
            if ident not in positions:
                self.fail(
                    _join(where, id_field), f"{ident!r} is not in the English file (keep its keys)"
                )
            if positions[ident] <= last:
                self.fail(_join(where, id_field), "is out of the English file's order or repeated")
            last = positions[ident]
            self.mapping(english[positions[ident]], unit, where)


def _placeholders(text: str) -> set[str]:
    try:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError:
        return {"<unmatched brace>"}


def check(english: dict[str, Any], translated: Any, *, source: str) -> dict[str, Any]:
    """A translation that mirrors `english`, or ContentError naming the file and field."""
    item = str(english.get("key", "?"))
    checker = _Checker(source, item)
    checker.mapping(english, translated, "")
    if translated.get("key") != english.get("key"):
        checker.fail("key", f"must be {english.get('key')!r}, the English file's key")
    result: dict[str, Any] = translated
    return result


@dataclass
class Fallbacks:
    """Which units of a localized item are shown in English."""

    heading: bool = False
    units: dict[str, set[Any]] = field(default_factory=dict)

    def any(self) -> bool:
        return self.heading or any(self.units.values())


def _merge(english: dict[str, Any], translated: dict[str, Any] | None) -> tuple[dict, bool]:
    """One unit's words from the translation (lists of units excluded: they are units of
    their own). Returns the merged unit and whether every text was translated."""
    merged, complete = dict(english), True
    given = translated or {}
    for name, value in english.items():
        if name in UNITS or name == FALLBACK:
            continue
        theirs = given.get(name)
        if name in TEXT:
            ok = isinstance(theirs, str) and bool(theirs.strip())
        elif name in TEXT_LISTS:
            ok = isinstance(theirs, list) and len(theirs) == len(value)
        elif name in TEXT_MAPS:
            given_map: dict[str, Any] = theirs if isinstance(theirs, dict) else {}
            ok = bool(given_map) and all(
                isinstance(given_map.get(k), str) and given_map[k].strip() for k in value
            )
            theirs = {k: given_map[k] for k in value} if ok else None
        elif name in NESTED:
            theirs, ok = _merge(value, theirs if isinstance(theirs, dict) else None)
        else:
            continue
        if ok:
            merged[name] = theirs
        complete = complete and ok
    return merged, complete


def localize(
    english: dict[str, Any], translated: dict[str, Any] | None
) -> tuple[dict[str, Any], Fallbacks]:
    """The item in a viewer's language: each unit translated when its translation is whole,
    else in English (and listed in the returned Fallbacks). `translated` None: no
    translation at all, so every unit is English."""
    fallbacks = Fallbacks()
    heading, complete = _merge(english, translated)
    result = heading if complete else dict(english)
    fallbacks.heading = not complete
    for name, id_field in UNITS.items():
        if name not in english:
            continue
        theirs = {
            unit.get(id_field): unit
            for unit in (translated or {}).get(name) or []
            if isinstance(unit, dict)
        }
        units, missing = [], set()
        for unit in english[name]:
            ident = unit.get(id_field)
            merged, whole = _merge(unit, theirs.get(ident))
            if not whole:
                merged = copy.copy(unit)
                missing.add(ident)
            units.append(merged)
        result[name] = units
        fallbacks.units[name] = missing
    return result, fallbacks


def flagged(data: dict[str, Any], fallbacks: Fallbacks) -> dict[str, Any]:
    """`data` with `fallback: True` on every unit shown in English (for pages that read the
    plain data: word lists, the check-in, a deck's heading)."""
    result = dict(data)
    if fallbacks.heading:
        result[FALLBACK] = True
    for name, id_field in UNITS.items():
        if name in result:
            missing = fallbacks.units.get(name, set())
            result[name] = [
                {**unit, FALLBACK: True} if unit.get(id_field) in missing else unit
                for unit in result[name]
            ]
    return result
