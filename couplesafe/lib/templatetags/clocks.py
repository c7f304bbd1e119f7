"""`{% time_for_both moment partner %}`: a moment that matters to both partners (an agreed
conversation time, a reminder), in the viewer's own zone, with the partner's local time beside
it when their clocks differ:

    {% load clocks %}
    {% time_for_both conv.agreed_at partner %}            → 18:00 (12:00 for Sam)
    {% time_for_both conv.agreed_at partner "l j F, H:i" %} → Tuesday 2 June, 18:00 (12:00 for Sam)

The partner's part is their clock; when their local date differs from the viewer's, it names
their day too ("Wednesday 01:00 for Sam"). The viewer's zone is the request's
(ViewerTimeZoneMiddleware). This is the one rule for "the other's local time beside it": the
practices pages and the home page use it too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
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
    theirs = date_format(there, "H:i" if there.date() == here.date() else "l H:i")
    beside = gettext("%(time)s for %(name)s") % {"time": theirs, "name": partner.display_name}
    return format_html('{} <span class="muted">({})</span>', mine, beside)
