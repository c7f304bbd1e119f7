"""Time-zone helpers. Every person's day is their own local day."""

import datetime as dt
import zoneinfo
from functools import cache

from django.utils import timezone


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
