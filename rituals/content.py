"""Feeling words and check-in questions, read from the content library
(`couplesafe.content.selectors`, the cross-app contract). The library is loaded on every
deploy (`load_content`), so there is no built-in copy of its wording here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from couplesafe.content.selectors import checkin_content, word_groups


def feeling_groups() -> list[dict[str, Any]]:
    return word_groups("feelings")


def checkin_data() -> dict[str, Any]:
    return checkin_content()


def mood_label(scale: list[dict[str, Any]], value: int | None) -> str:
    for step in scale:
        if int(step["value"]) == value:
            return str(step["label"])
    return ""


def questions_for(day: dt.date, questions: list[dict[str, Any]]) -> tuple[str, str]:
    """Today's two questions; a gentle rotation so the same words do not repeat every day."""
    space = [_shown(q) for q in questions if q.get("kind") == "space"]
    need = [_shown(q) for q in questions if q.get("kind") == "need"]
    ordinal = day.toordinal()
    return (
        space[ordinal % len(space)] if space else "",
        need[ordinal % len(need)] if need else "",
    )


def _shown(question: dict[str, Any]) -> str:
    """A question as its label shows it: one not yet translated into the reader's language
    comes in English, marked so (content/translations.py: never silently mixed)."""
    text = str(question["text"])
    if not question.get("fallback"):
        return text
    return format_html(
        '<span lang="en">{}</span> <span class="untranslated" lang="{}">({})</span>',
        text,
        get_language() or "en",
        gettext("Not yet translated"),
    )
