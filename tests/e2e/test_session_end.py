"""Sessions that end kindly, in a real browser: the words survive a re-login, Back after the
dashboard filter shows a whole page, and the error pages look like the app (390 and 1280 px)."""

from __future__ import annotations

import re

from django.contrib.sessions.models import Session
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from practices import scheduling, services
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory, UserFactory
from therapists.models import TherapistProfile

WORDS = "When the evenings get busy I miss you, and I would like ten quiet minutes."


def test_words_typed_when_the_session_ends_are_there_after_logging_in_again(
    new_partner_page, library
) -> None:  # type: ignore[no-untyped-def]
    from couplesafe.content.selectors import practice_version

    pair = CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        second__display_name="Leo",
        second__email="leo@example.com",
    )
    version = practice_version("validation-practice")
    assert version is not None
    conv = services.conversation_start(
        user=pair.first, version=version, topic="Evenings", sender=pair.first
    )
    scheduling.conversation_accept(conversation=conv, user=pair.second, mode="apart")

    maya = new_partner_page()
    log_in(maya, "maya@example.com", PASSWORD)
    maya.goto(f"/practices/{conv.public_id}/")
    maya.get_by_label("Your words").fill(WORDS)

    # The session ends elsewhere (logged out in another tab, expired): the next poll is told.
    Session.objects.all().delete()
    maya.wait_for_url(re.compile(r"/accounts/login/\?next="), timeout=15_000)
    assert "Anything you were typing on that page is kept" in maya.content()
    check_a11y(maya)
    screenshot(maya, "session-ended-login-phone")
    maya.get_by_label("Email").fill("maya@example.com")
    maya.get_by_label("Password").fill(PASSWORD)
    maya.get_by_role("button", name="Log in").click()
    maya.wait_for_url(f"**/practices/{conv.public_id}/")
    expect(maya.get_by_label("Your words")).to_have_value(WORDS)
    # Kept only until it is back in the box.
    assert maya.evaluate("sessionStorage.getItem('couplesafe-drafts')") is None


def test_back_after_the_dashboard_filter_shows_a_whole_page(new_partner_page, db) -> None:  # type: ignore[no-untyped-def]
    ruth = UserFactory(display_name="Ruth", email="ruth@example.com", role="therapist")
    TherapistProfile.objects.create(user=ruth, practice_name="Harbour")
    device = TOTPDevice.objects.create(user=ruth, name="phone", confirmed=True)
    page = new_partner_page(width=1280, height=900)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ruth@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/therapist/couples/")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Six-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/therapist/couples/")
    page.get_by_label("Show").select_option("homework")
    page.wait_for_url(re.compile(r"show=homework"))
    page.goto("/help/")
    page.go_back()
    page.wait_for_url(re.compile(r"show=homework"))
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("footer.site-footer")).to_be_visible()
    assert page.evaluate("document.querySelectorAll('html').length") == 1
    screenshot(page, "dashboard-after-back-desktop")


def test_error_pages_look_like_the_app_on_a_phone_and_a_desktop(
    new_partner_page, db, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.web.test_error_pages"
    for device, width in (("phone", 390), ("desktop", 1280)):
        page = new_partner_page(width=width, height=900)
        for name, path, status in (
            ("404", "/no-such-page/", 404),
            ("400", "/therapist/join/AB%00CDEFGH/", 400),
            ("403", "/test-forbidden/", 403),
            ("500", "/test-boom/", 500),
        ):
            response = page.goto(path)
            assert response is not None and response.status == status
            assert "content-security-policy" in response.headers
            expect(page.locator("footer.site-footer")).to_contain_text("Find urgent help now")
            check_a11y(page)
            screenshot(page, f"error-{name}-{device}")
        # A form sent from a page that went stale: what was typed is shown back.
        alice = UserFactory(display_name="Ana", email=f"ana-{device}@example.com")
        log_in(page, alice.email, PASSWORD)
        page.goto("/accounts/profile/")
        page.context.clear_cookies(name="csrftoken")
        page.get_by_label("Your first name").fill("Ana María")
        page.get_by_role("button", name=re.compile("Save")).click()
        expect(page.get_by_role("heading", name="Your form was not sent")).to_be_visible()
        assert "Ana María" in page.content()
        check_a11y(page)
        screenshot(page, f"error-csrf-{device}")
