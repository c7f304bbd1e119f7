"""Each person's own clock on every page (issue #16, Time): a walk of the URL × role matrix.

Two couples — partners in Europe/Berlin and America/New_York, and partners in Pacific/Auckland
and Pacific/Honolulu — each with their therapist in Asia/Kolkata. Everything (the matrix's own
rows, and an appreciation each way, both check-ins, a finished conversation with a turn and a
pause, one on a break, a therapist's note, an agreed conversation time and a suggested one,
reminders) is made
at 23:30 UTC, when the partners' local dates differ. Then every GET URL of the matrix (and
the pages of the planted things) is opened by partner A, partner B and the therapist, and every
date and time each page shows is read (tests/clock_pages.py):

- every date or time is a `<time>` element (one rule: `{{ value|when }}` and
  `{% time_for_both %}`); a date outside one is reported;
- a moment is on the viewer's own clock (its offset is the viewer's zone's at that moment) and
  its words (day, month, weekday, year, HH:MM) are that wall-clock value; the only other clock
  allowed is the viewer's partner's, named in `data-zone`, beside the viewer's own;
- where a time matters to both partners (an agreed or suggested conversation time, the
  reminder on the Together page) the partner's clock is beside it when their zones differ;
- each planted moment is seen by the people who may see it, so the walk cannot pass by
  showing nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.test import Client

from practices import breaks, scheduling, services
from rituals import appreciations, checkins
from tests.clock_pages import Page, disagreements, read_page
from tests.factories import CoupleFactory, UserFactory
from tests.matrix import CLIENT_PREPARERS, World
from tests.rituals.conftest import ritual_content  # noqa: F401 (a fixture)
from tests.rituals.factories import reminder_for
from tests.test_url_matrix import matrix_rows
from tests.therapists import data
from therapists import services as care
from therapists.models import CareLink, SharedItem

UTC = dt.UTC
# 23:30 UTC on Tuesday 9 June 2026: 01:30 on the 10th in Berlin, 19:30 on the 9th in New York,
# 11:30 on the 10th in Auckland, 13:30 on the 9th in Honolulu, 05:00 on the 10th in Kolkata.
MADE = dt.datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
WALKED = MADE + dt.timedelta(minutes=20)
AGREED = MADE + dt.timedelta(days=1)
SUGGESTED = MADE + dt.timedelta(days=2)
THERAPIST_ZONE = "Asia/Kolkata"
PAIRS = [("Europe/Berlin", "America/New_York"), ("Pacific/Auckland", "Pacific/Honolulu")]
# Not pages: nothing a person reads there shows a date (the health check, the web app's
# manifest and service worker, the event stream). The calendar feed's times carry their own
# zone (TZID, RFC 5545; tests/notifications/test_calendar.py); a calendar app shows them.
NOT_PAGES = {
    "healthz",
    "live-events",
    "notifications:manifest",
    "notifications:service-worker",
    "notifications:calendar-feed",
}


@dataclass
class Seen:
    """What one person saw on the walk."""

    moments: dict[dt.datetime, set[str]] = field(default_factory=dict)  # own clock → URLs
    beside: dict[dt.datetime, set[str]] = field(default_factory=dict)  # partner's clock → URLs
    problems: list[str] = field(default_factory=list)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for prepare in CLIENT_PREPARERS:
        prepare(client, user)
    return client


def _offset(moment: dt.datetime, zone: str) -> dt.timedelta | None:
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()


def check_page(url: str, page: Page, viewer: Any, partner: Any | None, seen: Seen) -> None:
    zone = viewer.time_zone
    for loose in page.loose:
        seen.problems.append(f"{url}: a date outside <time>: {loose}")
    own = set()
    for element in page.times:
        moment, day = element.moment, element.day
        if moment is None and day is None:
            if not re.match(r"^\d{2}:\d{2}$", element.attr):
                seen.problems.append(f"{url}: <time datetime={element.attr!r}> is not ISO")
            continue
        if moment is None:
            assert day is not None
            for wrong in disagreements(element.text, day):
                seen.problems.append(f"{url}: {element.text!r} ({element.attr}): {wrong}")
            continue
        instant = moment.astimezone(UTC)
        if element.zone:
            if partner is None or element.zone != partner.time_zone:
                seen.problems.append(
                    f"{url}: {element.text!r} on a stranger's clock {element.zone}"
                )
            clock = element.zone
            seen.beside.setdefault(instant, set()).add(url)
        else:
            clock = zone
            own.add(instant)
            seen.moments.setdefault(instant, set()).add(url)
        if moment.utcoffset() != _offset(moment, clock):
            seen.problems.append(
                f"{url}: {element.text!r} ({element.attr}) is not on {clock}'s clock"
            )
        for wrong in disagreements(element.text, moment):
            seen.problems.append(f"{url}: {element.text!r} ({element.attr}): {wrong}")
    for element in page.times:
        if element.zone and element.moment and element.moment.astimezone(UTC) not in own:
            seen.problems.append(
                f"{url}: the partner's clock {element.text!r} without the viewer's"
            )


def check_csv(url: str, text: str, viewer: Any, seen: Seen) -> None:
    for stamp in re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?[+-]\d{2}:\d{2}", text):
        moment = dt.datetime.fromisoformat(stamp)
        if moment.utcoffset() != _offset(moment, viewer.time_zone):
            seen.problems.append(f"{url}: {stamp} is not on {viewer.time_zone}'s clock")
        seen.moments.setdefault(moment.astimezone(UTC), set()).add(url)


@pytest.fixture(params=PAIRS, ids=["berlin-new-york", "auckland-honolulu"])
def walk(request: Any, db: Any, ritual_content: Any) -> dict[str, Any]:  # noqa: F811
    zone_a, zone_b = request.param
    with time_machine.travel(MADE, tick=False):
        pair = CoupleFactory(
            first__display_name="Ana",
            first__email="ana@example.com",
            first__time_zone=zone_a,
            second__display_name="Ben",
            second__email="ben@example.com",
            second__time_zone=zone_b,
        )
        strangers = CoupleFactory(
            first__display_name="Carol",
            first__email="carol@example.com",
            second__display_name="Dave",
            second__email="dave@example.com",
        )
        a, b = pair.first, pair.second
        world = World(
            alice=a,
            bob=b,
            carol=strangers.first,
            dave=strangers.second,
            solo=UserFactory(display_name="Sam", email="sam@example.com"),
            theo=UserFactory(
                display_name="Theo",
                email="theo@example.com",
                role="therapist",
                time_zone=THERAPIST_ZONE,
            ),
            tara=UserFactory(display_name="Tara", email="tara@example.com", role="therapist"),
        )
        rows = matrix_rows(world)
        planted = plant(world)
    # Each person opens every GET URL the matrix lets them see (partners as Alice, the
    # therapist as Theo), and the planted things' own pages.
    pages = [r for r in rows if r.method == "GET" and r.name not in NOT_PAGES]
    couple_urls = [r.url for r in pages if r.expect["alice"] == 200] + planted.pop("urls")
    answers = planted.pop("answers")
    return {
        "world": world,
        "a_urls": list(dict.fromkeys([*couple_urls, answers[a.pk]])),
        "b_urls": list(dict.fromkeys([*couple_urls, answers[b.pk]])),
        "therapist_urls": list(dict.fromkeys(r.url for r in pages if r.expect["theo"] == 200)),
        **planted,
    }


def plant(world: World) -> dict[str, Any]:
    """The same things, made at MADE, for the walk to find."""
    a, b, theo = world.alice, world.bob, world.theo
    couple = a.active_couple
    link = CareLink.objects.get(therapist=theo, couple=couple, ended_at__isnull=True)
    to_b = appreciations.appreciation_send(author=a, text="Thank you for the tea")
    to_a = appreciations.appreciation_send(author=b, text="Thank you for listening")
    checkin_a = checkins.checkin_record(user=a, mood=4, feelings=[])
    checkin_b = checkins.checkin_record(user=b, mood=3, feelings=[])
    done = data.conversation(couple, a, completed_at=MADE)
    turn = data.turn(done, a, "I felt heard")
    data.note(done, a, "my own thoughts")
    data.pause(done, b)
    version = data.practice_version()
    agreed = services.conversation_start(user=a, version=version, topic="Weekend", sender=a)
    scheduling.conversation_propose(conversation=agreed, user=b, when=AGREED)
    scheduling.conversation_agree(conversation=agreed, user=a)
    asked = services.conversation_start(user=b, version=version, topic="Holidays", sender=b)
    scheduling.conversation_propose(conversation=asked, user=a, when=SUGGESTED)
    on_break = services.conversation_start(user=a, version=version, topic="Money", sender=a)
    scheduling.conversation_accept(conversation=on_break, user=b, mode="apart")
    back = breaks.pause_start(conversation=on_break, user=a, minutes=90).return_at
    note = care.note_add(therapist=theo, couple=couple, text="Warm session")
    for person, kind, item in [
        (a, SharedItem.Kind.APPRECIATION, to_b),
        (b, SharedItem.Kind.APPRECIATION, to_a),
        (a, SharedItem.Kind.CHECKIN, checkin_a),
        (b, SharedItem.Kind.CHECKIN, checkin_b),
        (a, SharedItem.Kind.CONVERSATION, done),
        (b, SharedItem.Kind.CONVERSATION, done),
    ]:
        care.item_share_set(
            link=link, user=person, kind=kind, item_id=str(item.public_id), shared=True
        )
    reminder_a, reminder_b = reminder_for(a, hour=8), reminder_for(b, hour=21)
    urls = [
        f"/practices/{done.public_id}/",
        f"/practices/{done.public_id}/transcript/",
        f"/practices/{agreed.public_id}/",
        f"/practices/{asked.public_id}/",
        f"/practices/{on_break.public_id}/",
    ]
    answers = {
        a.pk: f"/rituals/appreciations/{to_a.public_id}/respond/",
        b.pk: f"/rituals/appreciations/{to_b.public_id}/respond/",
    }
    return {
        "urls": urls,
        "answers": answers,
        "appreciation": to_b,
        "turn": turn,
        "note": note,
        "agreed": AGREED,
        "suggested": SUGGESTED,
        "back": back,
        "reminders": {a.pk: reminder_a.next_due_at, b.pk: reminder_b.next_due_at},
    }


def walk_as(viewer: Any, partner: Any | None, urls: list[str]) -> Seen:
    seen = Seen()
    client = _client(viewer)
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.headers.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if kind.startswith("text/html"):
            check_page(url, read_page(body.decode()), viewer, partner, seen)
        elif kind.startswith("text/csv"):
            check_csv(url, body.decode(), viewer, seen)
    return seen


def test_every_page_shows_each_person_their_own_clock(walk: dict[str, Any]) -> None:
    world: World = walk["world"]
    a, b, theo = world.alice, world.bob, world.theo
    assert (
        MADE.astimezone(zoneinfo.ZoneInfo(a.time_zone)).date()
        != MADE.astimezone(zoneinfo.ZoneInfo(b.time_zone)).date()
    )
    with time_machine.travel(WALKED, tick=False):
        seen = {
            "A": walk_as(a, b, walk["a_urls"]),
            "B": walk_as(b, a, walk["b_urls"]),
            "therapist": walk_as(theo, None, walk["therapist_urls"]),
        }
    problems = [f"{who}: {p}" for who, s in seen.items() for p in s.problems]
    assert not problems, "\n".join(dict.fromkeys(problems))

    made = {
        "the appreciation": walk["appreciation"].created_at,
        "the turn": walk["turn"].created_at,
        "the end of the break": walk["back"],
    }
    for who in ("A", "B"):
        for what, moment in made.items():
            assert moment in seen[who].moments, f"{who} never saw {what}"
    assert walk["note"].created_at in seen["therapist"].moments, "the therapist's note"
    assert made["the appreciation"] in seen["therapist"].moments, "the shared appreciation"

    # A time that matters to both: the partner's clock beside the viewer's, on every page
    # that shows it; and the Together page's reminder.
    for who in ("A", "B"):
        for moment in (walk["agreed"], walk["suggested"]):
            pages = seen[who].moments.get(moment, set())
            assert pages, f"{who} never saw the time {moment}"
            missing = pages - seen[who].beside.get(moment, set())
            assert not missing, f"{who}: no partner's clock beside {moment} on {missing}"
    for who, person in (("A", a), ("B", b)):
        due = walk["reminders"][person.pk]
        assert "/rituals/together/" in seen[who].beside.get(due, set()), (
            f"{who}: the Together page's reminder without the partner's clock"
        )
