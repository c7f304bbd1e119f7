"""Durations and counts in words a person would say: "about 7 days", not "6 days, 23 hours";
"About 1 minute", not "About 1 minutes". Every plural goes through ngettext, so each language
gets its own plural forms."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext, ngettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def about_minutes(minutes: int) -> str:
    """How long a practice takes: "About 1 minute", "About 20 minutes", "About 2 hours"."""
    minutes = max(int(minutes), 1)
    if minutes < 60 or (minutes % 60 and minutes < 120):
        return ngettext("About %(count)d minute", "About %(count)d minutes", minutes) % {
            "count": minutes
        }
    hours = round(minutes / 60)
    return ngettext("About %(count)d hour", "About %(count)d hours", hours) % {"count": hours}


def rounded(delta: dt.timedelta) -> str:
    """A length of time rounded the way people say it: "less than a minute", "5 minutes",
    "about 3 hours", "about 7 days". 6 days and 23 hours is "about 7 days"."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < MINUTE:
        return gettext("less than a minute")
    if seconds < HOUR - 30:
        count = max(round(seconds / MINUTE), 1)
        return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
    if seconds < DAY - HOUR / 2:
        count = max(round(seconds / HOUR), 1)
        return ngettext("about %(count)d hour", "about %(count)d hours", count) % {"count": count}
    count = max(round(seconds / DAY), 1)
    return ngettext("about %(count)d day", "about %(count)d days", count) % {"count": count}


def until(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long until `moment`, rounded ("about 7 days")."""
    return rounded(moment - (now or timezone.now()))


def ago(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long ago `moment` was: "just now", "5 minutes ago", "about 3 days ago"."""
    delta = (now or timezone.now()) - moment
    if delta.total_seconds() < MINUTE:
        return gettext("just now")
    return gettext("%(duration)s ago") % {"duration": rounded(delta)}
