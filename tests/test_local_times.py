"""Each person's own clock (issue #16, Time): the same appreciation, conversation, reminder and
activity, seen by two partners whose local dates differ at that moment (Berlin + New York, and
Auckland + Honolulu across the date line) and by their therapist (Kolkata), shows each viewer
their own local date and time on every page that shows it; what a person types is read in
their zone.

A check-in's date is its author's own local day (PRODUCT.md, Time): it is a calendar day, not
a moment, so it is not converted.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils.dateformat import format as date_format

from practices.models import Conversation
from rituals import appreciations, checkins
from tests.conftest import client_for
from tests.factories import CoupleFactory, UserFactory
from tests.rituals.conftest import ritual_content  # noqa: F401 (a fixture)
from tests.rituals.factories import reminder_for
from tests.therapists import data
from tests.therapists.helpers import make_link, therapist_client

UTC = dt.UTC

# Moments at which the two partners' local dates differ.
PAIRS = [
    # 03:30 UTC: 05:30 on 10 June in Berlin, 23:30 on 9 June in New York.
    ("Europe/Berlin", "America/New_York", dt.datetime(2026, 6, 10, 3, 30, tzinfo=UTC)),
    # 12:30 UTC: 00:30 on 11 June in Auckland, 02:30 on 10 June in Honolulu.
    ("Pacific/Auckland", "Pacific/Honolulu", dt.datetime(2026, 6, 10, 12, 30, tzinfo=UTC)),
]


def local(moment: dt.datetime, zone: str, fmt: str) -> str:
    return date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), fmt)


@pytest.fixture(params=PAIRS, ids=["berlin-new-york", "auckland-honolulu"])
def world(request: Any, db: Any, ritual_content: Any) -> dict[str, Any]:  # noqa: F811
    zone_a, zone_b, moment = request.param
    pair = CoupleFactory(
        first__display_name="Ana",
        first__time_zone=zone_a,
        second__display_name="Ben",
        second__time_zone=zone_b,
    )
    a, b = pair.first, pair.second
    with time_machine.travel(moment, tick=False):
        thanks = appreciations.appreciation_send(author=a, text="Thank you for the tea")
        checkins.checkin_record(user=a, mood=4, feelings=[])
        checkins.checkin_record(user=b, mood=3, feelings=[])
        conv = data.conversation(pair.couple, a, completed_at=moment)
        Conversation.objects.filter(pk=conv.pk).update(created_at=moment, updated_at=moment)
        data.turn(conv, a, "I felt heard")
        data.note(conv, a, "my own thoughts")
        reminder = reminder_for(a, hour=8)
    theo = UserFactory(display_name="Theo", role="therapist", time_zone="Asia/Kolkata")
    link = make_link(theo, a, b)
    return {
        "a": a,
        "b": b,
        "moment": moment,
        "thanks": thanks,
        "conv": conv,
        "reminder": reminder,
        "theo": theo,
        "link": link,
    }


def pages(world: dict[str, Any], viewer: Any, client: Client) -> list[tuple[str, str, str]]:
    """(page, what it says about the moment in the viewer's zone, its text)."""
    a, b, moment = world["a"], world["b"], world["moment"]
    zone = viewer.time_zone
    day = local(moment, zone, "j F")
    partner = b if viewer == a else a
    together = client.get("/rituals/together/").text
    appreciations_page = client.get("/rituals/appreciations/").text
    conv = world["conv"].public_id
    found = [
        (
            "appreciations",
            f"From {a.display_name}, {day}" if viewer == b else f"To {b.display_name}, {day}",
            appreciations_page,
        ),
        (
            "together (appreciations this week)",
            f"{a.display_name} to you, {local(moment, zone, 'l')}"
            if viewer == b
            else f"You to {b.display_name}, {local(moment, zone, 'l')}",
            together,
        ),
        (
            "conversation list",
            f"{local(moment, zone, 'j M Y')}</span>",
            client.get("/practices/").text,
        ),
        (
            "transcript",
            f"Started {local(moment, zone, 'j F Y')}",
            client.get(f"/practices/{conv}/transcript/").text,
        ),
    ]
    if viewer == b:
        found.append(("home", f"From {a.display_name}, {day}", client.get("/home/").text))
        found.append(
            (
                "answer an appreciation",
                f'<p class="turn-meta">{local(moment, zone, "j F, H:i")}</p>',
                client.get(f"/rituals/appreciations/{world['thanks'].public_id}/respond/").text,
            )
        )
    else:
        due = world["reminder"].next_due_at
        # The partner's clock names their day only when it is not the viewer's day.
        same_day = local(due, partner.time_zone, "j") == local(due, zone, "j")
        theirs = local(due, partner.time_zone, "H:i" if same_day else "l H:i")
        beside = f"{theirs} for {partner.display_name}"
        found.append(("together (reminder)", local(due, zone, "l H:i"), together))
        found.append(("together (partner's clock)", beside, together))
    return found


def test_each_partner_sees_their_own_local_dates_on_every_page(world: dict[str, Any]) -> None:
    a, b, moment = world["a"], world["b"], world["moment"]
    assert local(moment, a.time_zone, "j F") != local(moment, b.time_zone, "j F")
    for viewer in (a, b):
        with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
            found = pages(world, viewer, client_for(viewer))
        for page, expected, text in found:
            assert expected in text, f"{viewer.time_zone}: {page} should say {expected!r}"
    other_day = local(moment, a.time_zone, "j F")
    with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
        home = client_for(b).get("/home/").text
    assert f"From {a.display_name}, {other_day}" not in home


def test_the_therapist_sees_activity_in_their_own_zone(world: dict[str, Any]) -> None:
    theo, moment = world["theo"], world["moment"]
    with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
        text = (
            therapist_client(theo).get(f"/therapist/couples/{world['link'].couple.public_id}/").text
        )
    assert local(moment, "Asia/Kolkata", "D j M, H:i") in text
    assert local(moment, "UTC", "D j M, H:i") not in text


def test_a_suggested_time_is_read_in_the_zone_of_the_person_who_typed_it(
    world: dict[str, Any],
) -> None:
    """Through the real request: Ben suggests 10:00 his time for Ana's invitation; it is
    stored as that moment, and Ana's page shows it in her zone, with his clock beside."""
    a, b, moment = world["a"], world["b"], world["moment"]
    invited = data.conversation(a.active_couple, a, status="invited")
    with time_machine.travel(moment, tick=False):
        response = client_for(b).post(
            f"/practices/{invited.public_id}/propose/", {"when": "2026-06-12T10:00"}
        )
    assert response.status_code in (200, 302)
    invited.refresh_from_db()
    typed = invited.proposed_for
    assert typed is not None
    assert typed.astimezone(zoneinfo.ZoneInfo(b.time_zone)).replace(tzinfo=None) == dt.datetime(
        2026, 6, 12, 10, 0
    )
