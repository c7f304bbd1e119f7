"""The private safety check in a browser: the all-clear path, the danger path (support page →
step back → the partner sees only the neutral words), and a quick exit Back cannot undo."""

from __future__ import annotations

from safety.models import ConversationBreak, SafetyCheck
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory
from tests.practices.conftest import practice_data, publish

CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _pair():  # type: ignore[no-untyped-def]
    publish("practice", "validation-practice", practice_data("validation-practice"))
    return CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        first__time_zone="Europe/London",
        second__display_name="Leo",
        second__email="leo@example.com",
    )


def _no_csp_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("window.__cspViolations || []") == []


def test_all_clear_and_danger_paths_and_the_partner_sees_only_the_neutral_state(
    new_partner_page, db, settings
) -> None:  # type: ignore[no-untyped-def]
    pair = _pair()
    # All clear, on a phone.
    maya = new_partner_page()
    maya.add_init_script(CSP_WATCH)
    log_in(maya, "maya@example.com", PASSWORD)
    assert maya.get_by_text("A private moment, just for you").is_visible()
    screenshot(maya, "safety-home-offer-phone")
    maya.get_by_role("link", name="Take the private check").click()
    maya.wait_for_url("**/safety/check/")
    check_a11y(maya)
    screenshot(maya, "safety-check-phone")
    for group in maya.locator("fieldset.safety-question").all():
        group.get_by_label("No", exact=True).check()
    maya.get_by_role("button", name="Done").click()
    maya.wait_for_url("**/home/")
    assert maya.get_by_text("Your answers stay private to you").is_visible()
    assert not maya.get_by_text("A private moment, just for you").is_visible()
    _no_csp_violations(maya)

    # Danger signalled, on a laptop.
    leo = new_partner_page(width=1280, height=900)
    leo.add_init_script(CSP_WATCH)
    log_in(leo, "leo@example.com", PASSWORD)
    leo.get_by_role("link", name="Take the private check").click()
    leo.wait_for_url("**/safety/check/")
    leo.locator("fieldset.safety-question").first.get_by_label("Yes, often").check()
    leo.get_by_role("button", name="Done").click()
    leo.wait_for_url("**/safety/support/")
    assert leo.get_by_text("Joint exercises are not recommended while you feel unsafe").is_visible()
    check_a11y(leo)
    leo.get_by_label("Show help for").select_option("GB")
    leo.get_by_role("button", name="Show", exact=True).click()
    leo.wait_for_url("**/safety/support/?country=GB*")
    assert leo.get_by_text("0808 2000 247").is_visible()
    screenshot(leo, "safety-support-laptop")
    leo.get_by_role("button", name="Step back for now").click()
    leo.get_by_text("You've stepped back from conversations").wait_for()
    assert ConversationBreak.objects.filter(user=pair.second, ended_at__isnull=True).exists()
    _no_csp_violations(leo)

    # Maya sees the neutral words only, with nothing of Leo's answers or choice.
    maya.goto("/practices/")
    assert maya.get_by_text("Leo is not available for conversations right now.").is_visible()
    maya.goto("/home/")
    content = maya.content()
    assert "Leo is not available for conversations right now." in content
    for private in ("stepped back", "Step back", "afraid", "Yes, often", "support"):
        assert private not in content.replace("/safety/support/", ""), private
    check_a11y(maya)
    screenshot(maya, "safety-partner-home-phone")
    assert SafetyCheck.objects.count() == 2

    # Quick exit: Escape twice leaves; Back does not bring CoupleSafe back.
    settings.QUICK_EXIT_URL = "about:blank"
    leo.goto("/home/")
    leo.goto("/rituals/today/")
    leo.keyboard.press("Escape")
    leo.keyboard.press("Escape")
    leo.wait_for_url("about:blank")
    leo.go_back()
    leo.wait_for_url("about:blank")
    assert "CoupleSafe" not in leo.content()


def test_the_quick_exit_button_on_the_help_page_works_for_visitors(
    new_partner_page, db, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.QUICK_EXIT_URL = "about:blank"
    page = new_partner_page()
    page.add_init_script(CSP_WATCH)
    page.goto("/")
    page.goto("/help/")
    check_a11y(page)
    screenshot(page, "safety-help-phone")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("about:blank")
    page.go_back()
    page.wait_for_url("about:blank")
    assert "CoupleSafe" not in page.content()
