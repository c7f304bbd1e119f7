from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def mood_word(mood: int | None, labels: Mapping[int, object]) -> object:
    """The mood as a word ("Good"), never only a number; a word shown in English to a
    reader of another language comes marked (rituals.content.mood_words)."""
    if mood is None:
        return ""
    return labels.get(int(mood), str(mood))


@register.filter
def weekday_names(schedule: Any) -> str:
    from rituals.models import WEEKDAY_NAMES

    days = schedule.weekday_list
    if len(days) == 7:
        return gettext("every day")
    return ", ".join(str(WEEKDAY_NAMES[day]) for day in days) or gettext("no days")
