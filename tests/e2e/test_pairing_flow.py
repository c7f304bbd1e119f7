"""Two people sign up on their own devices, one invites, the other accepts: both are paired."""

from __future__ import annotations

import re

from tests.e2e.conftest import check_a11y, screenshot


def sign_up(page, name: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    check_a11y(page)
    page.get_by_role("link", name="Create your account").click()
    check_a11y(page)
    page.get_by_label("Your first name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a calm river at dawn")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/home/")


def test_two_partners_pair_up_with_a_code(new_partner_page, db) -> None:  # type: ignore[no-untyped-def]
    maya = new_partner_page()
    sign_up(maya, "Maya", "maya@example.com")
    check_a11y(maya)
    maya.get_by_role("link", name="Invite your partner").first.click()
    maya.get_by_role("button", name="Create invitation").click()
    code = maya.locator(".code-box").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    check_a11y(maya)
    screenshot(maya, "pairing-invite-phone")

    leo = new_partner_page(width=1280, height=900)
    sign_up(leo, "Leo", "leo@example.com")
    leo.goto("/accounts/invite/")
    leo.get_by_label("Invitation code").fill(code)
    leo.get_by_role("button", name="Find the invitation").click()
    check_a11y(leo)
    leo.get_by_role("button", name="Accept and pair up").click()
    leo.wait_for_url("**/home/")
    assert "You and Maya are now paired" in leo.content()
    check_a11y(leo)
    screenshot(leo, "pairing-done-desktop")

    maya.goto("/home/")
    assert "You and Leo are paired" in maya.content()
