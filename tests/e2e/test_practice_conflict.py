"""A stale page in the browser: the 409 partial is swapped in, says what happened and keeps
the words that were typed (the app-wide htmx convention in base.html's htmx-config)."""

from __future__ import annotations

from playwright.sync_api import expect

from practices import scheduling, services
from tests.e2e.conftest import check_a11y, log_in
from tests.factories import PASSWORD, CoupleFactory


def test_a_stale_second_tab_keeps_its_words_and_says_why(new_partner_page, library) -> None:
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
    scheduling.conversation_accept(mode="apart", conversation=conv, user=pair.second)

    first_tab = new_partner_page()
    log_in(first_tab, "maya@example.com", PASSWORD)
    second_tab = first_tab.context.new_page()
    # The second tab stops hearing about changes, as a phone asleep in a pocket would.
    second_tab.route("**/version/**", lambda route: route.abort())
    for tab in (first_tab, second_tab):
        tab.goto(f"/practices/{conv.public_id}/")
        expect(tab.get_by_label("Your words")).to_be_visible()

    first_tab.get_by_label("Your words").fill("I feel far from you in the evenings.")
    first_tab.get_by_role("button", name="Send").click()
    expect(first_tab.get_by_text("Leo is saying back what they heard.")).to_be_visible()

    second_tab.get_by_label("Your words").fill("Words I typed on the other tab")
    second_tab.get_by_role("button", name="Send").click()
    expect(second_tab.get_by_role("alert")).to_contain_text("Your words are kept below")
    assert "Words I typed on the other tab" in second_tab.content()
    check_a11y(second_tab)
