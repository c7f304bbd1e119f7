"""Feeling words and check-in questions, read from the content library
(`couplesafe.content.selectors`, the cross-app contract). The library is loaded on every
deploy (`load_content`), so there is no built-in copy of its wording here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from couplesafe.content.selectors import checkin_content, checkin_content_with_words, word_groups


def feeling_groups() -> list[dict[str, Any]]:
    return word_groups("feelings")


def checkin_data() -> dict[str, Any]:
    return checkin_content()


def checkin_page_content() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The check-in page's words: the check-in content and the feeling words, in one query."""
    return checkin_content_with_words("feelings")


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
        space[ordinal % len(space)] if space else "",
        need[ordinal % len(need)] if need else "",
    )
