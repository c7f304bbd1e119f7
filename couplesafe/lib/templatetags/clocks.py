"""`{% time_for_both moment partner %}`: a moment that matters to both partners (an agreed
conversation time, a reminder), in the viewer's own zone, with the partner's local time beside
it when their clocks differ:

    {% load clocks %}
    {% time_for_both conv.agreed_at partner %}            → 18:00 (12:00 for Sam)
    {% time_for_both conv.agreed_at partner "WEEKDAY_DAY_MONTH_TIME_FORMAT" %}
                                                          → Tuesday 2 June, 18:00 (…)

`fmt` is a format name of couplesafe/formats (written as the viewer's language writes it)
or a plain clock such as "H:i".

When the partner's local date differs from the viewer's, their part names their day too
("Wednesday 01:00 for Sam"). The viewer's zone is the request's (ViewerTimeZoneMiddleware).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from couplesafe.lib.tz import zone_of

register = template.Library()


@register.simple_tag
def time_for_both(moment: dt.datetime | None, partner: Any, fmt: str = "H:i") -> SafeString | str:
    if moment is None:
        return ""
    here = timezone.localtime(moment)
    mine = format_html('<time datetime="{}">{}</time>', moment.isoformat(), date_format(here, fmt))
    zone = zone_of(partner)
    if zone is None:
        return mine
    there = moment.astimezone(zone)
    if there.utcoffset() == here.utcoffset():
        return mine
    theirs = date_format(there, fmt)
    if there.date() != here.date() and fmt == "H:i":
        theirs = date_format(there, "WEEKDAY_TIME_FORMAT")
    beside = gettext("%(time)s for %(name)s") % {"time": theirs, "name": partner.display_name}
    return format_html('{} <span class="muted">({})</span>', mine, beside)
