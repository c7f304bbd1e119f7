"""Browser tests for the foundation: two people pair up, an invite link survives sign-up, and
every public and account page is looked at on a phone and a desktop (axe-core on each, no CSP
violation anywhere, a screenshot of each in test-artifacts/)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from couplesafe.accounts import services
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, UserFactory
from tests.outbox.helpers import deliver_outbox

# Records every Content-Security-Policy violation the page reports. Playwright injects init
# scripts through the debugging protocol, so this listener is not itself subject to the CSP.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def watch(page: Any) -> Any:
    """Collect CSP violations and console errors for `assert_clean(page)`."""
    page.add_init_script(CSP_WATCH)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    return page


def assert_clean(page: Any) -> None:
    violations = page.evaluate("window.__cspViolations || []")
    assert violations == [], f"CSP violations on {page.url}: {violations}"
    # No console error at all: no CSP report, no script error, no missing file (not even a favicon).
    assert page.console_errors == [], f"Console errors on {page.url}: {page.console_errors}"


def look(page: Any, name: str) -> None:
    """One page as a person sees it: accessible, no CSP violation, and a picture kept."""
    page.wait_for_load_state("load")
    check_a11y(page)
    assert_clean(page)
    screenshot(page, name)


def confirm_email(page: Any, *, then: str = "**/home/") -> None:
    """Open the confirmation link that sign-up emailed (the test mailbox) and confirm."""
    from django.core import mail

    page.wait_for_url("**/accounts/signup/sent/")
    check_a11y(page)
    screenshot(page, "signup-sent")
    deliver_outbox()  # what the outbox worker does after the sign-up commits
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(1))
    check_a11y(page)
    screenshot(page, "confirm-email")
    page.get_by_role("button", name="Confirm and continue").click()
    page.wait_for_url(then)


def sign_up(page: Any, name: str, email: str) -> None:
    page.goto("/")
    look(page, "landing-phone")
    page.get_by_role("link", name="Create your account").click()
    page.get_by_label("Your first name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a calm river at dawn")
    page.get_by_role("button", name="Create account").click()
    confirm_email(page)


def test_two_partners_pair_up_with_a_code(new_partner_page, db) -> None:
    maya = watch(new_partner_page())
    sign_up(maya, "Maya", "maya@example.com")
    look(maya, "home-unpaired-phone")
    maya.get_by_role("link", name="Invite your partner").first.click()
    look(maya, "invite-form-phone")
    maya.get_by_role("button", name="Create invitation").click()
    code = maya.locator(".code-box").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    look(maya, "invite-pending-phone")

    leo = watch(new_partner_page(width=1280, height=900))
    sign_up(leo, "Leo", "leo@example.com")
    leo.goto("/accounts/invite/")
    leo.get_by_label("Invitation code").fill(code)
    leo.get_by_role("button", name="Find the invitation").click()
    look(leo, "invite-respond-desktop")
    leo.get_by_role("button", name="Ask to pair up").click()
    leo.wait_for_url("**/home/")
    assert "We asked Maya to confirm that it is you" in leo.content()

    # A code can be guessed: Maya confirms that Leo is her partner before anything is shared.
    maya.goto("/home/")
    assert "Is this your partner?" in maya.content()
    look(maya, "home-confirm-partner-phone")
    maya.get_by_role("button", name="Yes, pair us").click()
    maya.wait_for_url("**/home/")
    assert "You and Leo are now paired" in maya.content()
    look(maya, "home-paired-phone")

    leo.goto("/home/")
    assert "You and Maya are paired" in leo.content()
    look(leo, "home-paired-desktop")


def test_an_emailed_link_survives_sign_up_and_the_time_zone_is_guessed(
    browser, live_server, transactional_db
) -> None:
    maya = UserFactory(display_name="Maya", email="maya@example.com")
    _invite, token = services.invite_create(inviter=maya)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        timezone_id="Asia/Tokyo",
    )
    context.set_default_timeout(10_000)
    try:
        leo = watch(context.new_page())
        leo.goto(f"/accounts/invite/accept/{token}/")
        assert "Maya invited you" in leo.content()
        look(leo, "invite-welcome-phone")
        leo.get_by_role("link", name="Create an account").click()
        # app.js guessed the zone from the browser; nothing was typed into the select.
        expect(leo.get_by_label("Your time zone")).to_have_value("Asia/Tokyo")
        assert "Maya invited you" in leo.content()
        leo.get_by_label("Your first name").fill("Leo")
        leo.get_by_label("Email").fill("leo@example.com")
        leo.get_by_label("Password").fill("short")
        leo.get_by_role("button", name="Create account").click()
        # A kind, specific error, and everything typed (and guessed) is still there (waiting for
        # the answer to the post, not reading the page that sent it).
        expect(leo.get_by_text("This password is too short")).to_be_visible()
        assert leo.get_by_label("Your first name").input_value() == "Leo"
        expect(leo.get_by_label("Your time zone")).to_have_value("Asia/Tokyo")
        look(leo, "signup-error-phone")
        leo.get_by_label("Password").fill("a calm river at dawn")
        leo.get_by_role("button", name="Create account").click()
        confirm_email(leo, then=f"**/accounts/invite/accept/{token}/")
        assert "Pair with Maya?" in leo.content()
        leo.get_by_role("button", name="Accept and pair up").click()
        leo.wait_for_url("**/home/")
        assert "You and Maya are now paired" in leo.content()
    finally:
        context.close()
    maya.forget_couple_cache()
    assert maya.active_couple is not None
    assert maya.active_couple.partner_of(maya).time_zone == "Asia/Tokyo"


PUBLIC_PAGES = [
    ("landing", "/"),
    ("help", "/help/"),
    ("signup", "/accounts/signup/"),
    ("login", "/accounts/login/"),
    ("password-reset", "/accounts/password/reset/"),
    ("password-reset-sent", "/accounts/password/reset/sent/"),
    ("password-reset-bad-link", "/accounts/password/reset/MQ/set-password/"),
    ("password-reset-done", "/accounts/password/reset/done/"),
]
ACCOUNT_PAGES = [
    ("home", "/home/"),
    ("profile", "/accounts/profile/"),
    ("password-change", "/accounts/password/"),
    ("leave", "/accounts/couple/leave/"),
    ("help-logged-in", "/help/"),
]


@pytest.mark.parametrize(
    ("device", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)]
)
def test_every_foundation_page_is_accessible_and_keeps_the_csp(
    browser, live_server, transactional_db, device, width, height
) -> None:
    UserFactory(display_name="Alice", email="alice@example.com")
    alice = UserFactory(display_name="Ana", email="ana@example.com")
    bob = UserFactory(display_name="Bob", email="bob@example.com")
    invite, _ = services.invite_create(inviter=bob)
    services.invite_accept(invite=invite, user=alice)

    def page_for() -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        return context, watch(context.new_page())

    context, page = page_for()
    try:
        for name, path in PUBLIC_PAGES:
            page.goto(path)
            look(page, f"{name}-{device}")
        # Errors shown on a form: still accessible, still what was typed.
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill("alice@example.com")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        assert "do not match an account" in page.content()
        assert page.get_by_label("Email").input_value() == "alice@example.com"
        look(page, f"login-error-{device}")
        # Several wrong passwords: the kind pause page, never an error page.
        for _ in range(6):
            page.get_by_label("Password").fill("still not it")
            page.get_by_role("button", name="Log in").click()
            if "pause for a moment" in page.content():
                break
        assert "Let's pause for a moment" in page.content()
        # The pause page is answered with 429, which the console reports; that one is expected.
        page.console_errors[:] = [e for e in page.console_errors if "status of 429" not in e]
        look(page, f"locked-out-{device}")

        log_in(page, "ana@example.com", PASSWORD)
        for name, path in ACCOUNT_PAGES:
            page.goto(path)
            look(page, f"{name}-{device}")
        page.goto("/accounts/profile/")
        page.get_by_label("Your first name").fill("")
        page.get_by_role("button", name="Save").click()
        assert "Please tell us what to call you." in page.content()
        look(page, f"profile-error-{device}")
    finally:
        context.close()
