"""Template filters over couplesafe.lib.humane: `{{ minutes|about_minutes }}`,
`{{ moment|time_until }}`, `{{ moment|time_ago }}`."""

from __future__ import annotations

import datetime as dt

from django import template

from couplesafe.lib import humane

register = template.Library()


@register.filter
def about_minutes(minutes: int | None) -> str:
    return humane.about_minutes(minutes) if minutes else ""


@register.filter
def time_until(moment: dt.datetime | None) -> str:
    return humane.until(moment) if moment else ""


@register.filter
def time_ago(moment: dt.datetime | None) -> str:
    return humane.ago(moment) if moment else ""
