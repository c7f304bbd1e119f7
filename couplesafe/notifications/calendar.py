"""The private calendar feed (.ics, RFC 5545) built from every app's calendar events.

Times are written in the person's own zone (DTSTART;TZID=Europe/Berlin:20261201T200000) with
the zone's VTIMEZONE, and repeating rituals as an RRULE: the calendar app then keeps 20:00 at
20:00 across a DST change. Titles only, never anyone's words.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import translation
from icalendar import Calendar, Event

from couplesafe.lib import registry
from couplesafe.lib.language import language_of
from couplesafe.notifications.models import CalendarFeed, hash_token

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def feed_for(user: User) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    token, token_hash = CalendarFeed.new_token()
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": token, "token_hash": token_hash}
    )
    return feed


@transaction.atomic
def feed_rotate(*, user: User) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    token, token_hash = CalendarFeed.new_token()
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": token, "token_hash": token_hash}
    )
    if not created:
        feed.token, feed.token_hash = token, token_hash
        feed.save(update_fields=["token", "token_hash"])
    return feed


def feed_find(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )


def ics(user: User) -> bytes:
    """The person's feed, in their own language: a calendar app fetches it without a session,
    so the request's language (the app's) is not theirs."""
    with translation.override(language_of(user)):
        return _ics(user)


def _ics(user: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//CoupleSafe//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "CoupleSafe")
    # How often calendar apps should look again (Apple, Google and Outlook read these).
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for item in registry.calendar_events(user):
        event = Event()
        event.add("uid", f"{item.uid}@couplesafe")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        zone = zoneinfo.ZoneInfo(item.time_zone)
        event.add("dtstart", item.start.replace(tzinfo=zone))
        event.add("dtend", (item.start + item.duration).replace(tzinfo=zone))
        if item.weekdays:
            event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": [DAYS[d] for d in item.weekdays]})
        if item.tentative:
            event.add("status", "TENTATIVE")
        if item.url:
            event.add("url", settings.SITE_URL + item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
