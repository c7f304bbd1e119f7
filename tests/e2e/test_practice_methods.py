"""On two phones: "not now" → an agreed time → the reminder → the dialogue at that time, and
"not this topic for now" honoured.

With PRACTICE_SHOTS=<folder> set, each screen is also photographed at 390 and 1280 px.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from practices import tasks
from practices.models import Conversation
from tests.e2e.conftest import check_a11y, log_in
from tests.factories import PASSWORD, CoupleFactory
from tests.outbox.helpers import deliver_outbox

LIVE = 5_000
SHOTS = os.environ.get("PRACTICE_SHOTS", "")


def shot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def couple(new_partner_page):
    CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        first__time_zone="Europe/Berlin",
        second__display_name="Leo",
        second__email="leo@example.com",
        second__time_zone="America/New_York",
    )
    maya, leo = new_partner_page(), new_partner_page()
    log_in(maya, "maya@example.com", PASSWORD)
    log_in(leo, "leo@example.com", PASSWORD)
    return maya, leo


def invite(maya, key: str, topic: str) -> Conversation:
    maya.goto(f"/practices/start/{key}/")
    maya.get_by_label("What would you like to talk about?").fill(topic)
    maya.get_by_role("button", name="Ask Leo").click()
    expect(maya.get_by_role("heading", name="Waiting for Leo")).to_be_visible()
    return Conversation.objects.order_by("-id").first()


def test_not_now_then_an_agreed_time_a_reminder_and_the_dialogue_then(
    new_partner_page, library, mailoutbox
) -> None:
    maya, leo = couple(new_partner_page)
    conv = invite(maya, "intentional-dialogue", "Sunday mornings")
    leo.goto("/home/")
    leo.get_by_role("link", name="Answer: now, later, or not this topic").click()
    check_a11y(leo)
    shot(leo, "agree-invitation")
    leo.get_by_text("Later: suggest a time").click()
    # Leo types on his own clock (New York); the time is 20 minutes from now there.
    later = timezone.localtime(timezone.now() + dt.timedelta(minutes=20), leo_zone())
    leo.get_by_label("Suggest a time").fill(later.strftime("%Y-%m-%dT%H:%M"))
    leo.get_by_role("button", name="Suggest this time").click()
    expect(leo.get_by_text("You suggested this time.")).to_be_visible()
    check_a11y(leo)
    shot(leo, "agree-suggested")

    expect(maya.get_by_role("heading", name="Leo suggested a time")).to_be_visible(timeout=LIVE)
    berlin = later.astimezone(maya_zone())
    # On Maya's clock, with Leo's beside it ({% partner_clock %}).
    expect(maya.locator(".agreed-time")).to_contain_text(berlin.strftime("%H:%M"))
    expect(maya.locator(".agreed-time")).to_contain_text(
        f"{later.strftime('%H:%M')} on {later.strftime('%A')} for Leo"
    )
    check_a11y(maya)
    shot(maya, "agree-answer")
    maya.get_by_role("button", name="Yes, that time works").click()
    expect(maya.get_by_role("heading", name="A time is agreed")).to_be_visible()
    expect(leo.get_by_role("heading", name="A time is agreed")).to_be_visible(timeout=LIVE)
    leo.goto("/home/")
    expect(leo.locator(".home-agreed")).to_contain_text(f"{berlin.strftime('%H:%M')} for Maya")
    check_a11y(leo)
    shot(leo, "agree-home")

    deliver_outbox()  # the invitation mail to Leo (and anything else already queued)
    before = len(mailoutbox)
    # The clock reaches the agreed time (the browser's server cannot travel in time, so the
    # agreed time moves to now instead); beat's sweep task runs, here in this process.
    Conversation.objects.filter(pk=conv.pk).update(agreed_for=timezone.now())
    assert tasks.sweep_agreed_times() == 1
    assert tasks.sweep_agreed_times() == 0  # claimed once
    deliver_outbox()
    reminders = mailoutbox[before:]
    assert sorted(m.to[0] for m in reminders) == ["leo@example.com", "maya@example.com"]
    for mail in reminders:
        body = mail.body + "".join(str(a[0]) for a in getattr(mail, "alternatives", []))
        assert f"/practices/{conv.public_id}/" in body
        assert "Sunday mornings" not in body + mail.subject  # no words in an email
    leo.goto(f"/practices/{conv.public_id}/")
    expect(leo.get_by_role("heading", name="It's the time you agreed")).to_be_visible()
    shot(leo, "agree-time-has-come")
    leo.get_by_role("button", name="Apart, each on our phone").click()
    expect(maya.get_by_role("heading", name="Share one thing")).to_be_visible(timeout=LIVE)
    maya.locator("#current-step textarea").fill("I'd love slower Sunday mornings.")
    maya.get_by_role("button", name="Send").click()
    expect(leo.get_by_role("heading", name="Say it back")).to_be_visible(timeout=LIVE)
    expect(leo.get_by_text("I'd love slower Sunday mornings.")).to_be_visible()
    check_a11y(leo)


def test_not_this_topic_for_now_is_honoured(new_partner_page, library) -> None:
    maya, leo = couple(new_partner_page)
    conv = invite(maya, "frustration-to-longing", "The dishes")
    leo.goto(f"/practices/{conv.public_id}/")
    leo.get_by_role("button", name="Not this topic for now").click()
    expect(leo.get_by_role("heading", name="Set aside for now")).to_be_visible()
    expect(maya.get_by_role("heading", name="Set aside for now")).to_be_visible(timeout=LIVE)
    expect(maya.get_by_text("it isn't a no to you")).to_be_visible()
    check_a11y(maya)
    shot(maya, "declined")


def leo_zone():
    import zoneinfo

    return zoneinfo.ZoneInfo("America/New_York")


def maya_zone():
    import zoneinfo

    return zoneinfo.ZoneInfo("Europe/Berlin")
