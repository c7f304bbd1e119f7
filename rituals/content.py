"""Feeling words and check-in questions, read from the content app.

The content app's selectors (`word_groups`, `checkin_content`) are the contract; when they are
not importable (or nothing is loaded yet) the published Versions are read directly, and the
mood scale falls back to a built-in one so a check-in always works.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from couplesafe.content.models import Item

DEFAULT_MOOD_SCALE: list[dict[str, Any]] = [
    {"value": 1, "label": "Heavy", "hint": "A hard day"},
    {"value": 2, "label": "Low", "hint": "Running a bit low"},
    {"value": 3, "label": "Okay", "hint": "Somewhere in the middle"},
    {"value": 4, "label": "Good", "hint": "Mostly good today"},
    {"value": 5, "label": "Bright", "hint": "Feeling light and well"},
]
DEFAULT_SPACE_QUESTION = "What's taking up space for you today?"
DEFAULT_NEED_QUESTION = "What's one thing you need today?"


def _current_data(kind: str, key: str) -> dict[str, Any] | None:
    item = (
        Item.objects.filter(kind=kind, key=key, owner__isnull=True)
        .select_related("current_version")
        .first()
    )
    if item is None or item.current_version is None:
        return None
    data: dict[str, Any] = item.current_version.data
    return data


def feeling_groups() -> list[dict[str, Any]]:
    try:
        from couplesafe.content.selectors import word_groups  # type: ignore[import-not-found]

        groups: list[dict[str, Any]] = list(word_groups("feelings"))
    except ImportError:
        data = _current_data("words", "feelings") or {}
        groups = list(data.get("groups", []))
    return groups


def checkin_data() -> dict[str, Any]:
    try:
        from couplesafe.content.selectors import checkin_content

        data: dict[str, Any] = dict(checkin_content() or {})
    except ImportError:
        data = _current_data("checkin", "checkin") or {}
    return {
        "mood_scale": data.get("mood_scale") or DEFAULT_MOOD_SCALE,
        "questions": data.get("questions") or [],
    }


def mood_label(scale: list[dict[str, Any]], value: int | None) -> str:
    for step in scale:
        if int(step["value"]) == value:
            return str(step["label"])
    return ""


def questions_for(day: dt.date, questions: list[dict[str, Any]]) -> tuple[str, str]:
    """Today's two questions; a gentle rotation so the same words do not repeat every day."""
    space = [q["text"] for q in questions if q.get("kind") == "space"]
    need = [q["text"] for q in questions if q.get("kind") == "need"]
    ordinal = day.toordinal()
    return (
        space[ordinal % len(space)] if space else DEFAULT_SPACE_QUESTION,
        need[ordinal % len(need)] if need else DEFAULT_NEED_QUESTION,
    )
