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


def day_start(day: dt.date, tz_name: str) -> dt.datetime:
    """The first instant of `day` in the zone (an aware datetime)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zoneinfo.ZoneInfo(tz_name))


def day_end(day: dt.date, tz_name: str) -> dt.datetime:
    """The first instant after `day` in the zone: the local midnight that ends it."""
    return day_start(day + dt.timedelta(days=1), tz_name)
