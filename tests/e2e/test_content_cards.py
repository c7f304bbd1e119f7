"""Two partners on their own devices: one draws a card, the other sees the same card appear.
Also the practice library and a practice preview, checked for accessibility at phone and
desktop widths."""

from __future__ import annotations

from couplesafe.content.models import CardDraw, Item
from tests.content.shipped import shipped_practices
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD


def test_when_one_partner_draws_a_card_the_other_sees_it(
    new_partner_page, alice, bob, library
) -> None:
    phone = new_partner_page(390, 844)
    log_in(phone, "alice@example.com", PASSWORD)
    desktop = new_partner_page(1280, 900)
    log_in(desktop, "bob@example.com", PASSWORD)

    desktop.goto("/content/cards/")
    phone.goto("/content/cards/")
    assert "No card yet" in desktop.locator("#current-card").inner_text()
    check_a11y(desktop)

    phone.get_by_label("Kind of card").select_option("connect")
    phone.get_by_role("button", name="Draw a card").click()
    phone.get_by_text("You drew this card").wait_for()
    text = CardDraw.objects.get().card.text
    assert text in phone.locator("#current-card").inner_text()

    # Bob's page picks it up by polling (every 3 seconds while visible), no reload.
    desktop.get_by_text("Alice drew this card").wait_for(timeout=8_000)
    assert text in desktop.locator("#current-card").inner_text()

    desktop.get_by_role("button", name="Favourite", pressed=False).click()
    desktop.get_by_role("button", name="Favourite", pressed=True).wait_for()
    # The partner's screen shows the mark too.
    phone.get_by_role("button", name="Favourite", pressed=True).wait_for(timeout=8_000)
    check_a11y(phone)
    check_a11y(desktop)
    screenshot(phone, "content-cards-phone")
    screenshot(desktop, "content-cards-desktop")


def test_the_practice_library_and_a_preview_are_accessible(
    new_partner_page, alice, library
) -> None:
    for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
        page = new_partner_page(width, height)
        log_in(page, "alice@example.com", PASSWORD)
        page.goto("/content/practices/")
        check_a11y(page)
        page.get_by_label("Time you have").select_option("15")
        quick = [p for p in shipped_practices().values() if p["minutes"] <= 15]
        page.get_by_text(f"{len(quick)} practices").wait_for()
        assert "Intentional Dialogue" not in page.locator("#practice-list").inner_text()
        screenshot(page, f"content-library-{name}")
        page.get_by_role("link", name="See the steps of Validation Practice").click()
        page.get_by_role("heading", name="Validation Practice", level=1).wait_for()
        check_a11y(page)
        screenshot(page, f"content-practice-{name}")
    assert Item.objects.filter(kind="practice").count() == len(shipped_practices())
