"""Each person's own clock beyond the pages (issue #16, Time): what a person types is read in
their zone, and every email names times on its recipient's clock. The pages themselves are
walked by tests/test_time_walk.py.

The partners live in Europe/Berlin and America/New_York, or in Pacific/Auckland and
Pacific/Honolulu; their therapist in Asia/Kolkata. At 23:30 UTC their local dates differ.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.utils.dateformat import format as date_format

from couplesafe.outbox.models import OutgoingMessage
from practices import scheduling, services
from rituals.models import ReminderSchedule
from tests.conftest import client_for
from tests.factories import CoupleFactory, UserFactory
from tests.therapists import data
from tests.therapists.helpers import make_link
from therapists import digest
from therapists.models import Homework, TherapistProfile

UTC = dt.UTC
MADE = dt.datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
AGREED = MADE + dt.timedelta(days=1)
PAIRS = [("Europe/Berlin", "America/New_York"), ("Pacific/Auckland", "Pacific/Honolulu")]


def local(moment: dt.datetime, zone: str, fmt: str) -> str:
    return date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), fmt)


@pytest.fixture(params=PAIRS, ids=["berlin-new-york", "auckland-honolulu"])
def pair(request: Any, db: Any) -> tuple[Any, Any]:
    zone_a, zone_b = request.param
    couple = CoupleFactory(
        first__display_name="Ana",
        first__email="ana@example.com",
        first__time_zone=zone_a,
        first__email_verified_at=MADE,
        second__display_name="Ben",
        second__email="ben@example.com",
        second__time_zone=zone_b,
        second__email_verified_at=MADE,
    )
    return couple.first, couple.second


def test_a_suggested_time_is_read_in_the_zone_of_the_person_who_typed_it(pair: Any) -> None:
    """Through the real request: each partner suggests 10:00 on their own clock."""
    a, b = pair
    for asked, typer in ((b, a), (a, b)):
        conv = data.conversation(a.active_couple, asked, status="invited")
        with time_machine.travel(MADE, tick=False):
            response = client_for(typer).post(
                f"/practices/{conv.public_id}/propose/", {"when": "2026-06-12T10:00"}
            )
        assert response.status_code in (200, 302)
        conv.refresh_from_db()
        assert conv.proposed_for is not None
        typed = conv.proposed_for.astimezone(zoneinfo.ZoneInfo(typer.time_zone))
        assert typed.replace(tzinfo=None) == dt.datetime(2026, 6, 12, 10, 0), typer.time_zone


def test_a_time_the_clocks_skip_is_refused_kindly_through_the_real_request(db: Any) -> None:
    ana = CoupleFactory(first__time_zone="Europe/Berlin").first
    conv = data.conversation(ana.active_couple, ana.active_couple.partner_of(ana), status="invited")
    with time_machine.travel(dt.datetime(2027, 3, 20, 12, 0, tzinfo=UTC), tick=False):
        skipped = client_for(ana).post(
            f"/practices/{conv.public_id}/propose/", {"when": "2027-03-28T02:30"}
        )
        twice = client_for(ana).post(
            f"/practices/{conv.public_id}/propose/", {"when": "2027-03-28T03:30"}
        )
    assert skipped.status_code == 200
    assert "The clocks change at that moment" in skipped.text
    assert 'value="2027-03-28T02:30"' in skipped.text  # what was typed stays
    assert twice.status_code in (200, 302)
    conv.refresh_from_db()
    assert conv.proposed_for == dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_a_reminder_pause_date_is_read_on_the_typers_own_day(pair: Any) -> None:
    """At 23:30 UTC on 9 June it is already 10 June in Berlin and Auckland: pausing "until
    9 June" has passed there, and is still today in New York and Honolulu."""
    for person in pair:
        today = MADE.astimezone(zoneinfo.ZoneInfo(person.time_zone)).date()
        with time_machine.travel(MADE, tick=False):
            response = client_for(person).post(
                "/rituals/reminders/",
                {
                    "enabled": "on",
                    "local_time": "08:00",
                    "weekdays": ["0", "1"],
                    "paused_until": "2026-06-09",
                },
            )
        saved = ReminderSchedule.objects.filter(user=person, paused_until__isnull=False).first()
        if today == dt.date(2026, 6, 9):
            assert response.status_code == 302, person.time_zone
            assert saved is not None and saved.paused_until == dt.date(2026, 6, 9)
        else:
            assert response.status_code == 200, person.time_zone
            assert "That day has already passed" in response.text
            assert saved is None


def test_the_agreed_time_reminder_names_the_time_on_each_recipients_clock(pair: Any) -> None:
    a, b = pair
    with time_machine.travel(MADE, tick=False):
        conv = services.conversation_start(
            user=a, version=data.practice_version(), topic="Weekend", sender=a
        )
        scheduling.conversation_propose(conversation=conv, user=b, when=AGREED)
        scheduling.conversation_agree(conversation=conv, user=a)
    with time_machine.travel(AGREED + dt.timedelta(seconds=30), tick=False):
        assert scheduling.agreed_reminders_send() == 1
    for person in pair:
        message = OutgoingMessage.objects.get(kind="conversation_time", user=person)
        assert message.to == person.email
        mine = local(AGREED, person.time_zone, "l H:i")
        theirs = local(AGREED, a.active_couple.partner_of(person).time_zone, "l H:i")
        assert f"is near: {mine}, your time." in message.body_text
        assert theirs not in message.body_text and theirs not in message.body_html
        assert mine in message.body_html
        assert "Weekend" not in message.body_text  # never the topic


def test_the_therapists_digest_names_days_on_the_therapists_clock(pair: Any) -> None:
    theo = UserFactory(role="therapist", time_zone="Asia/Kolkata", email_verified_at=MADE)
    profile, _ = TherapistProfile.objects.get_or_create(
        user=theo, defaults={"practice_name": "Calm Rooms"}
    )
    profile.digest_enabled = True
    profile.save(update_fields=["digest_enabled"])
    link = make_link(theo, *pair)
    Homework.objects.create(link=link, kind="cards", target="x", title="Cards", completed_at=MADE)
    # 08:00 in Kolkata on 10 June: the digest is due.
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, 30, tzinfo=UTC), tick=False):
        assert digest.digest_send(profile_id=profile.pk) == 1
    message = OutgoingMessage.objects.get(kind="therapist-digest", user=theo)
    assert "(10 Jun)" in message.body_text  # 05:00 on 10 June in Kolkata
    assert "(9 Jun)" not in message.body_text  # not UTC's day
