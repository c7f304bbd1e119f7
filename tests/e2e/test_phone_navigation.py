"""On a 390 px phone every destination is reachable without clipping: a bottom bar with four
places and "More". Also the cards' Skip and Next, the About page and a mood chart whose labels
are readable on a phone, checked with axe at phone and desktop widths."""

from __future__ import annotations

import datetime as dt

from couplesafe.content.models import CardDraw, CardMark
from couplesafe.lib.tz import local_today
from rituals.models import CheckIn
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD

INSIDE_VIEWPORT = """(selector) => Array.from(document.querySelectorAll(selector)).map((el) => {
  const box = el.getBoundingClientRect();
  return {text: el.textContent.trim(), left: box.left, right: box.right,
          clipped: el.scrollWidth > el.clientWidth + 1};
})"""


def test_every_place_is_reachable_on_a_phone_without_clipping(  # type: ignore[no-untyped-def]
    new_partner_page, alice, library
) -> None:
    page = new_partner_page(390, 844)
    log_in(page, "alice@example.com", PASSWORD)
    bar = page.evaluate(INSIDE_VIEWPORT, ".main-nav .nav-list > li > a, .nav-more summary")
    assert [item["text"] for item in bar] == [
        "Home",
        "Conversations",
        "Check-in",
        "Together",
        "More",
    ]
    for item in bar:
        assert item["left"] >= 0 and item["right"] <= 390 and not item["clipped"], item
    check_a11y(page)

    page.get_by_text("More", exact=True).click()
    more = page.locator(".nav-more-list a")
    assert more.all_inner_texts() == ["Practices", "Cards", "Therapist"]
    for item in page.evaluate(INSIDE_VIEWPORT, ".nav-more-list a"):
        assert item["left"] >= 0 and item["right"] <= 390 and not item["clipped"], item
    screenshot(page, "nav-more-phone")
    check_a11y(page)
    page.keyboard.press("Escape")
    assert not page.locator(".nav-more-list a").first.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    page.keyboard.press("Enter")  # the summary has focus: the keyboard opens it too
    page.get_by_role("link", name="Cards").click()
    page.get_by_role("heading", name="Your card").wait_for()
    assert page.url.endswith("/content/cards/")


def test_a_couple_skips_and_moves_to_the_next_card(  # type: ignore[no-untyped-def]
    new_partner_page, alice, bob, library
) -> None:
    for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
        CardDraw.objects.all().delete()
        CardMark.objects.all().delete()
        page = new_partner_page(width, height)
        log_in(page, "alice@example.com", PASSWORD)
        page.goto("/content/cards/")
        assert page.get_by_label("Depth").input_value() == "light"
        page.get_by_role("button", name="Draw a card").click()
        page.get_by_role("button", name="Skip this card").wait_for()
        first = CardDraw.objects.get().card
        assert first.depth == "light"

        page.get_by_role("button", name="Skip this card").click()
        page.wait_for_function("() => document.querySelectorAll('#current-card').length === 1")
        page.wait_for_function(
            "(text) => !document.querySelector('#current-card').innerText.includes(text)",
            arg=first.text,
        )
        skipped_to = CardDraw.objects.first().card  # type: ignore[union-attr]
        assert not CardMark.objects.exists()

        page.get_by_role("button", name="Next card").click()
        page.locator("#talked").get_by_text(skipped_to.text).wait_for()
        assert CardMark.objects.filter(card=skipped_to, kind="talked").exists()
        assert CardDraw.objects.count() == 3
        check_a11y(page)
        screenshot(page, f"cards-next-{name}")


def test_the_about_page_and_the_mood_chart_read_well_on_a_phone(  # type: ignore[no-untyped-def]
    new_partner_page, alice, bob, library
) -> None:
    today = local_today(alice.time_zone)
    for n in range(28):
        for person in (alice, bob):
            CheckIn.objects.create(
                user=person,
                couple=alice.active_couple,
                local_date=today - dt.timedelta(days=n),
                mood=5 if n % 2 else 1,
            )
    for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
        page = new_partner_page(width, height)
        log_in(page, "alice@example.com", PASSWORD)
        page.goto("/content/practices/")
        page.get_by_role("link", name="Where these practices come from").click()
        page.get_by_role("heading", name="About these practices", level=1).wait_for()
        check_a11y(page)
        screenshot(page, f"about-{name}")

        page.goto("/rituals/together/")
        smallest = page.evaluate(
            """() => {
              const svg = document.querySelector('.mood-chart');
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              return Math.min(...Array.from(svg.querySelectorAll('.chart-label')).map(
                (label) => parseFloat(getComputedStyle(label).fontSize) * scale));
            }"""
        )
        assert smallest >= 12, smallest
        check_a11y(page)
        screenshot(page, f"together-{name}")
