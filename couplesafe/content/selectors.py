"""Reads other apps use to get their words from the library (the cross-app contract).

practices and rituals never hard-code wording: they ask here, and a conversation keeps the
Version it started on (a newer publish never changes a session under way).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import F, Q

from couplesafe.content.models import SHIPPED, Item, ShownText, Version


def practice_version(key: str, user: Any = None) -> Version | None:
    """The current published version of a shipped practice, or None. With `user`, a
    practice of their therapist's own (visible to them) is found too; a shipped practice
    wins when both use the same key."""
    items = Item.objects.published().filter(kind=Item.Kind.PRACTICE, key=key)
    items = items.visible_to(user) if user is not None else items.shipped()
    item = (
        items.select_related("current_version").order_by(F("owner").asc(nulls_first=True)).first()
    )
    return item.current_version if item else None


def practices_for(user: Any) -> list[Item]:
    """Published practices the person may see: shipped ones, and their therapist's own."""
    return list(
        Item.objects.published()
        .visible_to(user)
        .filter(kind=Item.Kind.PRACTICE)
        .select_related("current_version")
        .order_by("title", "pk")
    )


def titles(
    kind: str,
    keys: Collection[str],
    *,
    owner_ids: Collection[int] = (),
    language: str | None = None,
) -> dict[str, ShownText]:
    """The current titles of published items of one kind, by key, in `language` (default:
    the viewer's; `Version.shown_title`): shipped items, and those of `owner_ids` (a
    therapist's own). A shipped item wins a key both use, as in `practice_version`. One
    query for any number of keys."""
    if not keys:
        return {}
    items = (
        Item.objects.published()
        .filter(kind=kind, key__in=list(keys))
        .filter(SHIPPED | Q(owner_id__in=list(owner_ids)))
        .select_related("current_version")
        .order_by(F("owner").asc(nulls_first=True), "pk")
    )
    found: dict[str, ShownText] = {}
    for item in items:
        if item.key not in found and item.current_version is not None:
            found[item.key] = item.current_version.shown_title(language)
    return found


def _current_data(kind: str, key: str) -> dict[str, Any]:
    item = (
        Item.objects.published()
        .shipped()
        .filter(kind=kind, key=key)
        .select_related("current_version")
        .first()
    )
    if item is None or item.current_version is None:
        return {}
    # In the viewer's language; units not translated come in English, flagged `fallback`.
    return item.current_version.localized()


def current_data_many(*wanted: tuple[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The current data of several shipped items ((kind, key) pairs) in one query; a pair
    that is not loaded maps to {}."""
    found: dict[tuple[str, str], dict[str, Any]] = {pair: {} for pair in wanted}
    match = Q()
    for kind, key in wanted:
        match |= Q(kind=kind, key=key)
    for item in Item.objects.published().shipped().filter(match).select_related("current_version"):
        if item.current_version is not None:
            # In the viewer's language, as _current_data gives it.
            found[(item.kind, item.key)] = item.current_version.localized()
    return found


def word_groups(key: str) -> list[dict[str, Any]]:
    """The groups of a word list ("feelings", "needs", "repair-phrases") in the viewer's
    language: [{"key", "label", "words": [...], "fallback"?}, ...], or [] when not loaded."""
    groups: list[dict[str, Any]] = _current_data(Item.Kind.WORDS, key).get("groups", [])
    return groups


def checkin_content() -> dict[str, Any]:
    """{"mood_scale": [{"value","label","hint"}...], "questions": [{"key","kind","text"}...]}."""
    data = _current_data(Item.Kind.CHECKIN, "checkin")
    return {"mood_scale": data.get("mood_scale", []), "questions": data.get("questions", [])}


def checkin_content_with_words(key: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """checkin_content() and word_groups(key) together, in one query (the check-in page)."""
    found = current_data_many((Item.Kind.CHECKIN, "checkin"), (Item.Kind.WORDS, key))
    data = found[(Item.Kind.CHECKIN, "checkin")]
    groups: list[dict[str, Any]] = found[(Item.Kind.WORDS, key)].get("groups", [])
    return {
        "mood_scale": data.get("mood_scale", []),
        "questions": data.get("questions", []),
    }, groups
