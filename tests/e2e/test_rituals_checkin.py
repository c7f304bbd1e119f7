"""Two partners check in on their own devices; details show once both have checked in."""

from __future__ import annotations

import datetime as dt

from couplesafe.lib.tz import local_today
from rituals.models import CheckIn
from tests.e2e.conftest import ARTIFACTS, check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory
from tests.rituals.conftest import CHECKIN, FEELINGS, publish


def test_partners_check_in_and_see_each_other_after_both_have(new_partner_page, db) -> None:
    publish("words", "feelings", FEELINGS)
    publish("checkin", "checkin", CHECKIN)
    pair = CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        second__display_name="Leo",
        second__email="leo@example.com",
    )
    # Some weeks of history so the timeline and the chart have something to show.
    today = local_today(pair.first.time_zone)
    for offset in range(1, 22):
        day = today - dt.timedelta(days=offset)
        if offset % 4:
            CheckIn.objects.create(
                user=pair.first, couple=pair.couple, local_date=day, mood=2 + offset % 3
            )
        if offset % 3:
            CheckIn.objects.create(
                user=pair.second, couple=pair.couple, local_date=day, mood=1 + offset % 5
            )

    maya = new_partner_page()  # a phone
    log_in(maya, "maya@example.com", PASSWORD)
    maya.get_by_role("link", name="Check in").first.click()
    maya.wait_for_url("**/rituals/today/")
    check_a11y(maya)
    maya.get_by_label("Good — Mostly good today").check()
    maya.get_by_text("Glad", exact=True).click()
    maya.get_by_label("grateful").check()
    maya.get_by_label("What's taking up space for you today?").fill("A long meeting at work")
    screenshot(maya, "rituals-checkin-phone")
    maya.get_by_role("button", name="Check in").click()
    maya.get_by_text("Thank you for checking in").wait_for()
    check_a11y(maya)

    leo = new_partner_page(width=1280, height=900)  # a laptop
    log_in(leo, "leo@example.com", PASSWORD)
    leo.goto("/rituals/together/")
    assert "Checked in" in leo.content()
    assert "A long meeting at work" not in leo.content()
    check_a11y(leo)
    leo.goto("/rituals/today/")
    leo.get_by_label("Okay — Somewhere in the middle").check()
    leo.get_by_role("button", name="Check in").click()
    leo.get_by_text("Thank you for checking in").wait_for()
    leo.goto("/rituals/together/")
    assert "A long meeting at work" in leo.content()
    assert "grateful" in leo.content()
    check_a11y(leo)
    screenshot(leo, "rituals-together-desktop")

    maya.goto("/rituals/together/")
    check_a11y(maya)
    screenshot(maya, "rituals-together-phone")
    maya.locator(".mood-chart").screenshot(path=str(ARTIFACTS / "rituals-chart-phone.png"))
    maya.locator(".ritual-timeline").screenshot(path=str(ARTIFACTS / "rituals-timeline-phone.png"))
    leo.goto("/rituals/reminders/")
    check_a11y(leo)
    screenshot(leo, "rituals-reminders-desktop")
    maya.goto("/home/")
    check_a11y(maya)
    screenshot(maya, "rituals-home-phone")


def test_an_appreciation_is_sent_seen_on_home_and_answered(new_partner_page, db) -> None:
    CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        second__display_name="Leo",
        second__email="leo@example.com",
    )
    leo = new_partner_page(width=1280, height=900)
    log_in(leo, "leo@example.com", PASSWORD)
    leo.goto("/rituals/appreciations/")
    check_a11y(leo)
    leo.get_by_role("button", name="Send to Maya").click()
    assert "Write a few words about what they did" in leo.content()  # kind, specific
    check_a11y(leo)
    leo.get_by_label("What did they do, and what did it mean to you?").fill(
        "When you fixed my bike, I felt looked after."
    )
    leo.get_by_role("button", name="Send to Maya").click()
    leo.get_by_text("Your appreciation is on its way to Maya.").wait_for()
    screenshot(leo, "rituals-appreciations-desktop")

    maya = new_partner_page()
    log_in(maya, "maya@example.com", PASSWORD)
    assert "When you fixed my bike" in maya.content()
    maya.get_by_role("link", name="Answer Leo").click()
    maya.wait_for_url("**/respond/")
    check_a11y(maya)
    maya.get_by_role("button", name="Thank you, that means a lot.").click()
    screenshot(maya, "rituals-respond-phone")
    maya.get_by_role("button", name="Send your answer").click()
    maya.get_by_text("Your answer", exact=True).wait_for()
    check_a11y(maya)

    leo.goto("/rituals/appreciations/")
    assert "Maya answered: Thank you, that means a lot." in leo.content()
