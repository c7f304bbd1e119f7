"""Wording: real plurals (ngettext / blocktranslate count) and humane rounding of durations,
and the spots the issue found: "About 1 minutes", "works once, for 6 days, 23 hours",
"Then: step 7, Is there more?.", "Taking up space" as a label, "quiet ten minutes"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.utils import timezone

from couplesafe.lib import humane
from tests.content.factories import make_practice

LIBRARY = Path(__file__).resolve().parents[1] / "couplesafe" / "content" / "library"


def test_about_minutes_says_minute_once_and_hours_when_long() -> None:
    assert humane.about_minutes(1) == "About 1 minute"
    assert humane.about_minutes(12) == "About 12 minutes"
    assert humane.about_minutes(45) == "About 45 minutes"
    assert humane.about_minutes(90) == "About 90 minutes"
    assert humane.about_minutes(60) == "About 1 hour"
    assert humane.about_minutes(180) == "About 3 hours"


def test_durations_are_rounded_the_way_people_say_them() -> None:
    now = timezone.now()
    assert humane.until(now + dt.timedelta(days=6, hours=23), now) == "about 7 days"
    assert humane.until(now + dt.timedelta(days=1), now) == "about 1 day"
    assert humane.until(now + dt.timedelta(hours=2, minutes=50), now) == "about 3 hours"
    assert humane.until(now + dt.timedelta(minutes=1), now) == "1 minute"
    assert humane.until(now + dt.timedelta(seconds=20), now) == "less than a minute"
    assert humane.ago(now - dt.timedelta(seconds=5), now) == "just now"
    assert humane.ago(now - dt.timedelta(days=3, hours=4), now) == "about 3 days ago"


def test_a_one_minute_practice_says_minute_in_the_library(alice_client, db) -> None:  # type: ignore[no-untyped-def]
    item = make_practice(minutes=1)
    library = alice_client.get("/content/practices/").content.decode()
    assert "About 1 minute<" in library
    assert "About 1 minutes" not in library
    assert "1 practice<" in library
    detail = alice_client.get(f"/content/practices/{item.public_id}/").content.decode()
    assert "About 1 minute<" in detail


def test_a_step_title_ending_in_a_question_mark_gets_no_full_stop(alice_client, db) -> None:  # type: ignore[no-untyped-def]
    from tests.content.factories import PRACTICE

    steps = [dict(step) for step in PRACTICE["steps"]]
    steps[2]["title"] = "Is there more?"
    item = make_practice(steps=steps)
    page = alice_client.get(f"/content/practices/{item.public_id}/").content.decode()
    assert "Then: step 3, “Is there more?”" in page
    assert "?." not in page


def test_an_invitation_link_lasts_about_seven_days_not_six_days_23_hours(solo) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import client_for

    client = client_for(solo)
    response = client.post("/accounts/invite/", {"email": ""}, follow=True)
    page = response.content.decode()
    assert "It works once, for about 7 days:" in page
    assert "23 hours" not in page


def test_no_practice_promises_a_length_other_than_its_minutes() -> None:
    data = yaml.safe_load((LIBRARY / "practices" / "validation-practice.yaml").read_text())
    assert "ten minutes" not in data["for_whom"]
