from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def mood_word(mood: int | None, labels: dict[int, str]) -> str:
    """The mood as a word ("Good"), never only a number."""
    if mood is None:
        return ""
    return labels.get(int(mood), str(mood))


@register.filter
def weekday_names(schedule: Any) -> str:
    from rituals.models import WEEKDAY_NAMES

    days = schedule.weekday_list
    if len(days) == 7:
        return "every day"
    return ", ".join(WEEKDAY_NAMES[day] for day in days) or "no days"
