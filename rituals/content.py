"""Feeling words and check-in questions, read from the content library
(`couplesafe.content.selectors`, the cross-app contract). The library is loaded on every
deploy (`load_content`), so there is no built-in copy of its wording here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from couplesafe.content.models import ShownText, shown
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


def questions_for(
    day: dt.date, questions: list[dict[str, Any]]
) -> tuple[ShownText | str, ShownText | str]:
    """Today's two questions; a gentle rotation so the same words do not repeat every day."""
    space = [_shown(q) for q in questions if q.get("kind") == "space"]
    need = [_shown(q) for q in questions if q.get("kind") == "need"]
    ordinal = day.toordinal()
    return (
        space[ordinal % len(space)] if space else "",
        need[ordinal % len(need)] if need else "",
    )


def _shown(question: dict[str, Any]) -> ShownText:
    """A question as its label shows it: one not yet translated into the reader's language
    comes in English, marked so (content/translations.py: never silently mixed)."""
    return shown(question, "text")


def mood_words(scale: list[dict[str, Any]]) -> dict[int, ShownText]:
    """Each mood's word ("Good") in the reader's language, marked when shown in English."""
    return {int(step["value"]): shown(step, "label") for step in scale}


def mood_choice(step: dict[str, Any]) -> ShownText:
    """A mood as the check-in offers it: "Good — Mostly good today", marked likewise."""
    return ShownText(f"{step['label']} — {step['hint']}", fallback=bool(step.get("fallback")))
