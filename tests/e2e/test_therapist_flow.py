"""A therapist and a couple on three devices: the therapist signs up with two-step sign-in
and creates a code; each partner accepts on their own; the therapist gives homework; a
partner does it; the therapist sees it done — and never the words. axe-core on every page."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.e2e.test_pairing_flow import confirm_email
from tests.factories import PASSWORD, CoupleFactory
from tests.therapists import data


def current_code(email: str) -> str:
    device = TOTPDevice.objects.get(user__email=email)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def accept(page: Any, code: str) -> None:
    page.goto("/therapist/care/")
    check_a11y(page)
    page.get_by_label("Code from your therapist").fill(code)
    page.get_by_role("button", name="Find the invitation").click()
    page.wait_for_url("**/therapist/join/**")
    check_a11y(page)
    page.get_by_role("button", name="Accept for myself").click()
    page.wait_for_url("**/therapist/care/")
    check_a11y(page)


def test_therapist_links_with_a_couple_gives_homework_and_sees_it_done(
    new_partner_page, db
) -> None:
    pair = CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        second__display_name="Leo",
        second__email="leo@example.com",
    )

    # The therapist signs up and turns on two-step sign-in.
    ruth = new_partner_page(width=1280, height=900)
    ruth.goto("/therapist/signup/")
    check_a11y(ruth)
    ruth.get_by_label("Your name").fill("Ruth")
    ruth.get_by_label("Practice name").fill("Harbour Couples Practice")
    ruth.get_by_label("Email").fill("ruth@example.com")
    ruth.get_by_label("Password").fill("a quiet harbour at noon")
    ruth.get_by_role("button", name="Create therapist account").click()
    confirm_email(ruth, then="**/two-factor/setup/")
    check_a11y(ruth)
    screenshot(ruth, "therapist-2fa-setup-desktop")
    ruth.get_by_label("Six-digit code").fill(current_code("ruth@example.com"))
    ruth.get_by_role("button", name="Turn on two-step sign-in").click()
    ruth.wait_for_url("**/therapist/couples/")
    check_a11y(ruth)
    ruth.get_by_role("button", name="Create an invitation code").click()
    code = ruth.locator("#invitations .code-box").first.inner_text().strip()
    check_a11y(ruth)

    # Each partner accepts on their own device.
    maya = new_partner_page()
    log_in(maya, "maya@example.com", PASSWORD)
    accept(maya, code)
    assert "Waiting for your partner" in maya.content()
    screenshot(maya, "therapist-care-waiting-phone")

    ruth.goto("/therapist/couples/")
    assert "Maya" not in ruth.locator("main").inner_text()

    leo = new_partner_page(width=1280, height=900)
    log_in(leo, "leo@example.com", PASSWORD)
    accept(leo, code)
    assert "Active" in leo.content()
    leo.get_by_label("Share my mood trend").check()
    leo.get_by_role("button", name="Save", exact=True).click()
    check_a11y(leo)
    screenshot(leo, "therapist-care-active-desktop")

    # A few earlier check-ins, so Leo's shared mood trend has something to draw.
    for days_ago, mood in ((6, 2), (4, 3), (2, 3), (1, 4)):
        data.checkin(pair.second, days_ago=days_ago, mood=mood, space_text="PRIVATE-CHECKIN")

    # The therapist gives homework.
    ruth.goto("/therapist/couples/")
    ruth.get_by_role("link", name="Leo & Maya").click()
    ruth.wait_for_url("**/therapist/couples/*/")
    check_a11y(ruth)
    ruth.get_by_label("What would you like them to try?").select_option("ritual:appreciation")
    ruth.get_by_label("A note for the couple").fill("One small thank-you this week.")
    ruth.get_by_role("button", name="Give this homework").click()
    ruth.wait_for_url("**/couples/**")
    check_a11y(ruth)

    # It is on the couple's home page; Maya does it.
    maya.goto("/home/")
    assert "One small thank-you this week." in maya.content()
    check_a11y(maya)
    screenshot(maya, "therapist-homework-home-phone")
    maya.goto("/rituals/appreciations/")
    maya.get_by_label("What did they do, and what did it mean to you?").fill(
        "PRIVATE-WORDS when you made tea it meant a lot"
    )
    maya.get_by_role("button", name="Send to Leo").click()
    maya.goto("/home/")
    assert "Done" in maya.locator("#therapist-homework-heading").locator("..").inner_text()

    # The therapist sees it done, and not the words.
    ruth.reload()
    homework = ruth.locator("#homework").inner_text()
    assert "An appreciation" in homework
    assert "Done" in homework
    assert "PRIVATE-WORDS" not in ruth.content()
    assert "PRIVATE-CHECKIN" not in ruth.content()
    ruth.get_by_role("textbox", name="Private note").fill("Warm session; follow up on tea.")
    ruth.get_by_role("button", name="Save note").click()
    ruth.locator("#notes").get_by_text("Warm session").wait_for()
    check_a11y(ruth)
    screenshot(ruth, "therapist-couple-desktop")
    ruth.goto("/therapist/content/")
    check_a11y(ruth)
    ruth.goto("/therapist/couples/")
    assert "Homework due / done" in ruth.content()
    assert ruth.locator("svg.sparkline polyline").count() == 1
    check_a11y(ruth)
    screenshot(ruth, "therapist-dashboard-desktop")
    ruth.set_viewport_size({"width": 390, "height": 844})
    check_a11y(ruth)
    screenshot(ruth, "therapist-dashboard-phone")
    ruth.goto("/therapist/content/")
    screenshot(ruth, "therapist-content-phone")
    ruth.goto("/therapist/couples/")
    ruth.get_by_role("link", name="Leo & Maya").click()
    ruth.wait_for_url("**/therapist/couples/*/")
    check_a11y(ruth)
    screenshot(ruth, "therapist-couple-phone")

    # The couple sees what she sees, and every look.
    leo.goto("/therapist/care/")
    leo.get_by_text("Each time Ruth looked").click()
    check_a11y(leo)
    leo.get_by_role("link", name="View as your therapist").click()
    leo.wait_for_url("**/view/")
    check_a11y(leo)
    assert "Warm session" not in leo.content()
    screenshot(leo, "therapist-view-as-desktop")
    leo.set_viewport_size({"width": 390, "height": 844})
    check_a11y(leo)
    screenshot(leo, "therapist-view-as-phone")
    assert pair.couple.pk


def test_therapist_sign_up_guesses_the_time_zone_from_the_browser(
    browser, live_server, transactional_db
) -> None:
    """Like partner sign-up (tests/e2e/test_pairing_flow.py): app.js preselects the browser's
    zone, and the account keeps it, so the digest and every page follow the therapist's day."""
    from couplesafe.accounts.models import User

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        timezone_id="Australia/Adelaide",
    )
    context.set_default_timeout(10_000)
    try:
        ruth = context.new_page()
        ruth.goto("/therapist/signup/")
        assert ruth.get_by_label("Your time zone").input_value() == "Australia/Adelaide"
        ruth.get_by_label("Your name").fill("Ruth")
        ruth.get_by_label("Practice name").fill("Harbour Couples Practice")
        ruth.get_by_label("Email").fill("ruth@example.com")
        ruth.get_by_label("Password").fill("a quiet harbour at noon")
        ruth.get_by_role("button", name="Create therapist account").click()
        ruth.wait_for_url("**/accounts/signup/sent/")
        assert User.objects.get(email="ruth@example.com").time_zone == "Australia/Adelaide"
    finally:
        context.close()
