"""The time rule, in one place: every person's day is their own local day; every date and time
is shown in the viewer's zone and read in the typer's zone.

`ViewerTimeZoneMiddleware` activates the signed-in person's zone for the whole request, so
templates (`|date`, `{% now %}`), forms (`DateTimeField` reads what a person types in it) and
`timezone.localtime()`/`localdate()` all use it. Without a person (signed out), UTC.
Every date and time a page shows is a `<time>` element made by `time_element` (in templates:
`{{ value|when:"j F" }}`, couplesafe/lib/templatetags/clocks.py): a moment on the viewer's clock
with its offset in `datetime`, a calendar day or a wall-clock time as it is. The
`{% time_for_both %}` tag shows a moment that matters to both partners with the other
partner's local time beside it (`partner_clock`).
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# Named formats (couplesafe/formats) resolve in the active language; plain ones stay as they are.
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString


@cache
def all_time_zones() -> list[str]:
    """IANA names a person can choose, without the legacy aliases."""
    legacy_prefixes = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(legacy_prefixes) and name != "posixrules"
    }
    return sorted(names | {"UTC"})


def is_valid_time_zone(name: str) -> bool:
    return name in set(all_time_zones())


def local_now(tz_name: str, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(tz_name))


def local_today(tz_name: str, now: dt.datetime | None = None) -> dt.date:
    return local_now(tz_name, now).date()


def day_start(day: dt.date, tz_name: str) -> dt.datetime:
    """The first instant of `day` in the zone (an aware datetime)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zoneinfo.ZoneInfo(tz_name))


def day_end(day: dt.date, tz_name: str) -> dt.datetime:
    """The first instant after `day` in the zone: the local midnight that ends it."""
    return day_start(day + dt.timedelta(days=1), tz_name)


def zone_of(person: Any) -> zoneinfo.ZoneInfo | None:
    """A person's zone, or None for no person (or an unknown zone name)."""
    name = getattr(person, "time_zone", "") if getattr(person, "is_authenticated", False) else ""
    if not name or not is_valid_time_zone(name):
        return None
    return zoneinfo.ZoneInfo(name)


class ViewerZone(dt.tzinfo):
    """The signed-in person's zone, looked up when a time is first converted, so a request that
    shows no time (a cached poll) costs no query. Behaves as that ZoneInfo (fold included);
    anyone signed out: UTC."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._zone: zoneinfo.ZoneInfo | None = None

    def resolve(self) -> zoneinfo.ZoneInfo:
        if self._zone is None:
            self._zone = zone_of(getattr(self._request, "user", None)) or zoneinfo.ZoneInfo("UTC")
        return self._zone

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return self.resolve().utcoffset(moment.replace(tzinfo=None) if moment else None)

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return self.resolve().dst(moment.replace(tzinfo=None) if moment else None)

    def tzname(self, moment: dt.datetime | None) -> str | None:
        return self.resolve().tzname(moment.replace(tzinfo=None) if moment else None)

    def fromutc(self, moment: dt.datetime) -> dt.datetime:
        zone = self.resolve()
        return zone.fromutc(moment.replace(tzinfo=zone)).replace(tzinfo=self)

    def __str__(self) -> str:
        return str(self.resolve())

    def __repr__(self) -> str:
        return f"ViewerZone({self.resolve()!s})"

    def __reduce__(self) -> Any:
        return (zoneinfo.ZoneInfo, (str(self.resolve()),))


class ViewerTimeZoneMiddleware:
    """Every request runs in the signed-in person's time zone (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(ViewerZone(request))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NoSuchLocalTime(ValueError):
    """A wall-clock time that does not exist in a zone (skipped by a DST change)."""


def aware_in(naive: dt.datetime, tz_name: str) -> dt.datetime:
    """A typed date and time, read in the typer's own zone. A time skipped by a clock change
    (02:30 on a spring-forward night) raises NoSuchLocalTime instead of silently moving."""
    zone = zoneinfo.ZoneInfo(tz_name)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive.replace(tzinfo=None):
        raise NoSuchLocalTime(naive.isoformat())
    return aware


def elsewhere(moment: dt.datetime, viewer_tz: str, other_tz: str) -> dt.datetime | None:
    """The same moment on the other person's clock, or None when both clocks read the same."""
    mine = local_now(viewer_tz, moment)
    theirs = local_now(other_tz, moment)
    return None if mine.utcoffset() == theirs.utcoffset() else theirs


def time_element(
    value: dt.datetime | dt.date | dt.time | None,
    fmt: str,
    zone: zoneinfo.ZoneInfo | None = None,
) -> SafeString | str:
    """`<time datetime=…>…</time>`, the one way a date or time reaches a page. A moment (an
    aware datetime) on the active clock — the viewer's (ViewerTimeZoneMiddleware) or an
    email's recipient's (`addressed_to`) — or on `zone`'s, which `data-zone` then names; a
    calendar day (a check-in's day is its author's own) and a wall-clock time as they are."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValueError("A moment to show must be aware.")
        if zone is not None:
            there = value.astimezone(zone)
            return format_html(
                '<time datetime="{}" data-zone="{}">{}</time>',
                there.isoformat(timespec="seconds"),
                str(zone),
                date_format(there, fmt),
            )
        here = timezone.localtime(value)
        return format_html(
            '<time datetime="{}">{}</time>',
            here.isoformat(timespec="seconds"),
            date_format(here, fmt),
        )
    if isinstance(value, dt.date):
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, fmt)
        )
    if isinstance(value, dt.time):
        return format_html(
            '<time datetime="{}">{}</time>', value.strftime("%H:%M"), time_format(value, fmt)
        )
    return str(value)


def partner_clock(
    moment: dt.datetime | None, partner: Any, fmt: str = "H:i", *, name_other_day: bool = False
) -> SafeString | str:
    """The moment on the partner's clock, or "" when it reads the same as the viewer's (or
    there is no partner). With `name_other_day`, a bare clock ("H:i") names the partner's day
    when it is another than the viewer's ("Wednesday 19:30")."""
    zone = zone_of(partner)
    if moment is None or zone is None:
        return ""
    theirs = elsewhere(moment, str(timezone.get_current_timezone()), str(zone))
    if theirs is None:
        return ""
    if name_other_day and fmt == "H:i" and theirs.date() != timezone.localtime(moment).date():
        fmt = "WEEKDAY_TIME_FORMAT"
    return time_element(moment, fmt, zone=zone)
