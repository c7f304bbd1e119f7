"""The private calendar feed: parsed with icalendar, times checked across a DST change."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.test import Client
from icalendar import Calendar

from couplesafe.notifications import calendar
from rituals import reminders
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def feed(user: Any, client: Client | None = None) -> Any:
    token = calendar.feed_for(user).token
    return (client or Client()).get(f"/calendar/{token}.ics")


def events(response: Any) -> list[Any]:
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_daily_reminder_repeats_at_the_same_local_time_across_the_dst_change(
    alice: Any,
) -> None:
    alice.time_zone = "Europe/Berlin"
    alice.save()
    with time_machine.travel(dt.datetime(2026, 3, 25, 9, 0, tzinfo=dt.UTC), tick=False):
        reminders.reminder_settings_save(
            user=alice,
            local_time=dt.time(20, 0),
            weekdays=list(range(7)),
            enabled=True,
            paused_until=None,
        )
    [event] = events(feed(alice))
    assert str(event["summary"]) == "Daily check-in"
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and len(rule["BYDAY"]) == 7
    # Expand the rule as a calendar app would: 20:00 in Berlin on both sides of 29 March.
    occurrences = list(itertools.islice(rrulestr(rule.to_ical().decode(), dtstart=start), 7))
    assert {o.astimezone(BERLIN).time() for o in occurrences} == {dt.time(20, 0)}
    utc_hours = {o.date(): o.astimezone(dt.UTC).hour for o in occurrences}
    assert utc_hours[dt.date(2026, 3, 28)] == 19  # CET, UTC+1
    assert utc_hours[dt.date(2026, 3, 29)] == 18  # CEST, UTC+2
    ical = feed(alice).content.decode()
    assert "BEGIN:VTIMEZONE" in ical and "TZID:Europe/Berlin" in ical


def test_rotating_the_secret_kills_the_old_address_at_once(alice: Any) -> None:
    old = calendar.feed_for(alice).token
    assert Client().get(f"/calendar/{old}.ics").status_code == 200
    response = client_for(alice).post("/notifications/calendar/rotate/")
    assert response.status_code == 302
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    new = calendar.feed_for(alice).token
    assert new != old and Client().get(f"/calendar/{new}.ics").status_code == 200


def test_the_feed_sends_caching_headers_calendar_apps_respect(alice: Any) -> None:
    first = feed(alice)
    assert first["Cache-Control"] == "private, max-age=3600"
    assert first["ETag"]
    token = calendar.feed_for(alice).token
    again = Client().get(f"/calendar/{token}.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    ical = Calendar.from_ical(first.content)
    assert str(ical["REFRESH-INTERVAL"].to_ical().decode()) == "PT6H"


def test_a_suggested_conversation_time_is_a_single_tentative_event_without_words(
    alice: Any, bob: Any, couple: Any
) -> None:
    from practices.models import Conversation
    from tests.practices.conftest import practice_data, publish

    version = publish("practice", "intentional-dialogue", practice_data("intentional-dialogue"))
    when = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)  # the morning after DST ended
    with time_machine.travel(dt.datetime(2026, 10, 30, 9, 0, tzinfo=dt.UTC), tick=False):
        Conversation.objects.create(
            couple=couple,
            version=version,
            topic="SECRET-TOPIC-MARKER",
            started_by=alice,
            sender=alice,
            proposed_for=when,
        )
        [event] = events(feed(alice))
    assert str(event["summary"]) == "Talk with Bob"
    assert event.decoded("dtstart") == when
    assert event.decoded("dtstart").astimezone(BERLIN).hour == 10  # CET again
    assert "rrule" not in event and str(event["status"]) == "TENTATIVE"
    assert b"SECRET-TOPIC-MARKER" not in feed(alice).content


def test_an_agreed_time_is_a_confirmed_event_and_a_declined_one_leaves_the_calendar(
    alice: Any, bob: Any, couple: Any
) -> None:
    from practices.models import Conversation
    from tests.practices.conftest import practice_data, publish

    version = publish("practice", "intentional-dialogue", practice_data("intentional-dialogue"))
    # 20:00 in Berlin on the Saturday before the clocks go forward, and on the Monday after.
    before, after = (
        dt.datetime(2027, 3, 27, 19, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 3, 29, 18, 0, tzinfo=dt.UTC),
    )
    with time_machine.travel(dt.datetime(2027, 3, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        agreed = [
            Conversation.objects.create(
                couple=couple,
                version=version,
                topic="SECRET-TOPIC-MARKER",
                started_by=alice,
                sender=alice,
                proposed_for=when,
                proposed_by=bob,
                agreed_for=when,
                status=Conversation.Status.SCHEDULED,
            )
            for when in (before, after)
        ]
        Conversation.objects.create(
            couple=couple,
            version=version,
            started_by=bob,
            sender=bob,
            proposed_for=after,
            status=Conversation.Status.DECLINED,
        )
        found = {str(e["uid"]): e for e in events(feed(alice))}
    assert set(found) == {f"conversation-{c.public_id}@couplesafe" for c in agreed}
    for event in found.values():
        assert str(event["summary"]) == "Talk with Bob" and "status" not in event
        assert event["dtstart"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("dtstart").astimezone(BERLIN).time() == dt.time(20, 0)
    assert b"SECRET-TOPIC-MARKER" not in feed(alice).content


def test_an_unknown_address_is_a_404_and_a_stranger_cannot_rotate_someone_elses(
    alice: Any, carol: Any
) -> None:
    assert Client().get("/calendar/not-a-real-token.ics").status_code == 404
    token = calendar.feed_for(alice).token
    client_for(carol).post("/notifications/calendar/rotate/")
    assert Client().get(f"/calendar/{token}.ics").status_code == 200


def test_the_feed_speaks_its_owners_language_not_the_calendar_apps(alice: Any) -> None:
    """A calendar app fetches the feed without a session, often with an English
    Accept-Language: the titles are in the language the person chose."""
    from django.utils import translation

    alice.language = "de"
    alice.save()
    reminders.reminder_settings_save(
        user=alice, local_time=dt.time(20, 0), weekdays=[0], enabled=True, paused_until=None
    )
    [event] = events(
        Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(
            f"/calendar/{calendar.feed_for(alice).token}.ics"
        )
    )
    with translation.override("de"):
        expected = translation.gettext("Daily check-in")
    assert expected != "Daily check-in"
    assert str(event["summary"]) == expected
