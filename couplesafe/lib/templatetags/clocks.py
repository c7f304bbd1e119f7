"""Every date and time a page shows goes through here — one rule (couplesafe.lib.tz):

    {% load clocks %}
    {{ moment|when:"j F, H:i" }}  → <time datetime="2026-06-10T01:30:00+02:00">10 June, 01:30</time>
    {{ day|when:"l j F" }}        → <time datetime="2026-06-10">Wednesday 10 June</time>
    {{ clock|when:"H:i" }}        → <time datetime="08:00">08:00</time>

A moment is shown on the viewer's clock (the request's zone, or the recipient's inside
`addressed_to`); a calendar day and a wall-clock time as they are.

`{% time_for_both moment partner %}`: a moment that matters to both partners (an agreed
conversation time, a reminder), in the viewer's own zone, with the partner's local time beside
it when their clocks differ:

    {% time_for_both conv.agreed_at partner %}            → 18:00 (12:00 for Sam)
    {% time_for_both conv.agreed_at partner "WEEKDAY_DAY_MONTH_TIME_FORMAT" %}
                                                          → Tuesday 2 June, 18:00 (…)

`fmt` is a format name of couplesafe/formats (written as the viewer's language writes it)
or a plain clock such as "H:i".

When the partner's local date differs from the viewer's, their part names their day too
("Wednesday 01:00 for Sam"). `{% partner_clock moment partner "H:i" as clock %}` is the
partner's part alone ("" when the clocks agree), for a sentence that says it its own way
(`name_other_day=True` names their day as time_for_both does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from couplesafe.lib import tz

register = template.Library()


@register.filter(is_safe=True)
def when(value: Any, fmt: str = "j F Y") -> SafeString | str:
    return tz.time_element(value, fmt)


@register.simple_tag
def partner_clock(
    moment: dt.datetime | None, partner: Any, fmt: str = "H:i", name_other_day: bool = False
) -> SafeString | str:
    return tz.partner_clock(moment, partner, fmt, name_other_day=name_other_day)


@register.simple_tag
def time_for_both(moment: dt.datetime | None, partner: Any, fmt: str = "H:i") -> SafeString | str:
    if moment is None:
        return ""
    mine = tz.time_element(moment, fmt)
    theirs = tz.partner_clock(moment, partner, fmt, name_other_day=True)
    if not theirs:
        return mine
    # The catalog's words are escaped first; the time element and the name go in after.
    beside = mark_safe(  # noqa: S308
        escape(gettext("%(time)s for %(name)s"))
        % {"time": theirs, "name": escape(partner.display_name)}
    )
    return format_html('{} <span class="muted">({})</span>', mine, beside)
