"""Two partners on two devices complete a Validation Practice; one pauses, both see the break.

Alice is on a phone (390px), Bob on a laptop (1280px). Every step is checked with axe-core,
and each partner's screen updates by itself (htmx polling) within 3 seconds.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory

LIVE = 5_000  # ms: the 3-second promise plus a little slack for a slow machine


def test_two_partners_complete_a_dialogue_and_share_a_break(new_partner_page, library) -> None:
    CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        second__display_name="Leo",
        second__email="leo@example.com",
    )
    maya = new_partner_page()
    leo = new_partner_page(width=1280, height=900)
    log_in(maya, "maya@example.com", PASSWORD)
    log_in(leo, "leo@example.com", PASSWORD)

    maya.goto("/content/practices/")  # new conversations start from the practice library
    check_a11y(maya)
    maya.get_by_role("link", name="Start Validation Practice").click()
    maya.get_by_label("What would you like to talk about?").fill("Our evenings")
    check_a11y(maya)
    maya.get_by_role("button", name="Ask Leo").click()
    expect(maya.get_by_role("heading", name="Waiting for Leo")).to_be_visible()
    check_a11y(maya)

    leo.goto("/home/")
    expect(leo.get_by_text("Maya would like to talk")).to_be_visible()
    check_a11y(leo)
    screenshot(leo, "practice-invitation-desktop")
    leo.get_by_role("link", name="Answer: now, later, or not this topic").click()
    check_a11y(leo)
    screenshot(leo, "practice-answer-desktop")
    leo.get_by_role("button", name="Apart, each on our phone").click()
    expect(leo.get_by_text("Maya is sharing something that's on their mind.")).to_be_visible()
    check_a11y(leo)

    # Maya's page moves on by itself when Leo accepts.
    expect(maya.get_by_role("heading", name="Share what's on your mind")).to_be_visible(
        timeout=LIVE
    )
    box = maya.get_by_label("Your words")
    box.fill("You never put your phone away in the evening.")
    expect(maya.get_by_text("A gentle idea")).to_be_visible(timeout=LIVE)
    check_a11y(maya)
    screenshot(maya, "practice-gentle-tip-phone")
    box.fill("")
    maya.get_by_role("button", name="Something on my mind is…").click()
    box.press_sequentially(
        "that I feel far from you in the evenings, and I need some time with you."
    )
    maya.get_by_role("button", name="Send").click()
    expect(maya.get_by_text("Leo is saying back what they heard.")).to_be_visible()
    check_a11y(maya)

    expect(leo.get_by_role("heading", name="Say it back")).to_be_visible(timeout=LIVE)
    expect(leo.get_by_text("I feel far from you in the evenings")).to_be_visible()
    check_a11y(leo)
    screenshot(leo, "practice-mirror-desktop")
    leo.get_by_label("Your words").fill("You feel far from me in the evenings. Did I get that?")
    leo.get_by_role("button", name="Send").click()

    expect(maya.get_by_role("heading", name="Did they get it?")).to_be_visible(timeout=LIVE)
    check_a11y(maya)
    screenshot(maya, "practice-check-phone")
    maya.get_by_role("button", name="Yes, that's it").click()

    # Leo needs a break: both screens change to the calm break screen, with no words on it.
    expect(leo.get_by_role("heading", name="Show it makes sense")).to_be_visible(timeout=LIVE)
    leo.get_by_label("Your words").fill("A draft I was halfway through")
    leo.get_by_text("I need a break").click()
    leo.get_by_label("30 minutes").check()
    leo.get_by_role("button", name="Take a break now").click()
    expect(leo.get_by_role("heading", name="Taking a break")).to_be_visible()
    expect(maya.get_by_role("heading", name="Taking a break")).to_be_visible(timeout=LIVE)
    for page in (maya, leo):
        assert "far from you" not in page.content()
        assert "Our evenings" not in page.content()
        check_a11y(page)
    # The screen reader hears it through the polite live region.
    expect(maya.locator("#conversation-announce")).to_have_text("Leo asked for a break.")
    expect(maya.get_by_text("Leo asked for a break. That's a caring thing")).to_be_visible()
    expect(maya.get_by_role("button", name="I'm ready to carry on")).to_have_count(0)
    screenshot(maya, "practice-break-phone")
    screenshot(leo, "practice-break-desktop")

    leo.get_by_role("button", name="I'm ready to carry on").click()
    # Coming back starts with "ready to go on?" for both, a repair phrase offered.
    expect(leo.get_by_role("heading", name="Ready to go on?")).to_be_visible()
    expect(maya.get_by_role("heading", name="Ready to go on?")).to_be_visible(timeout=LIVE)
    check_a11y(maya)
    screenshot(maya, "practice-regroup-phone")
    leo.get_by_role("button", name="I'm ready to go on").click()
    maya.get_by_role("button", name="I'm ready to go on").click()
    expect(leo.get_by_role("heading", name="Show it makes sense")).to_be_visible(timeout=LIVE)
    # What Leo was typing came back with the form.
    expect(leo.get_by_label("Your words")).to_have_value("A draft I was halfway through")
    expect(maya.get_by_text("Leo is practising validation.")).to_be_visible(timeout=LIVE)
    leo.get_by_label("Your words").fill("You make sense to me because evenings are our only time.")
    leo.get_by_role("button", name="Send").click()

    expect(maya.get_by_role("heading", name="Did that feel validating?")).to_be_visible(
        timeout=LIVE
    )
    check_a11y(maya)
    maya.get_by_role("button", name="Yes, I feel understood").click()

    expect(maya.get_by_role("heading", name="Close together")).to_be_visible()
    maya.get_by_label("Your words").fill("Thank you for listening.")
    maya.get_by_role("button", name="Send").click()
    expect(maya.get_by_text("Thank you, yours is in.")).to_be_visible()
    check_a11y(maya)
    expect(leo.get_by_role("heading", name="Close together")).to_be_visible(timeout=LIVE)
    leo.get_by_label("Your words").fill("Thank you for telling me.")
    leo.get_by_role("button", name="Send").click()

    # The method offers to swap roles and go again; they finish for today.
    expect(leo.get_by_role("heading", name="You've finished a round")).to_be_visible()
    leo.get_by_role("button", name="Finish for today").click()
    expect(leo.get_by_role("heading", name="You finished this conversation")).to_be_visible()
    expect(maya.get_by_role("heading", name="You finished this conversation")).to_be_visible(
        timeout=LIVE
    )
    check_a11y(leo)
    check_a11y(maya)
    screenshot(maya, "practice-done-phone")

    maya.get_by_role("link", name="Read it back").first.click()
    expect(maya.get_by_text("Thank you for telling me.")).to_be_visible()
    check_a11y(maya)
    screenshot(maya, "practice-transcript-phone")
    leo.get_by_role("link", name="Read it back").first.click()
    leo.wait_for_url("**/transcript/")
    check_a11y(leo)
    screenshot(leo, "practice-transcript-desktop")


def test_repair_starts_privately_and_reveals_both_sides_together(new_partner_page, library) -> None:
    CoupleFactory(
        first__display_name="Ana",
        first__email="ana@example.com",
        second__display_name="Ben",
        second__email="ben@example.com",
    )
    ana = new_partner_page()
    ben = new_partner_page(width=1280, height=900)
    log_in(ana, "ana@example.com", PASSWORD)
    log_in(ben, "ben@example.com", PASSWORD)
    ana.goto("/practices/start/repair-after-rupture/")
    ana.get_by_label("What would you like to talk about?").fill("Last Tuesday")
    ana.get_by_role("button", name="Ask Ben").click()
    ben.goto("/home/")
    ben.get_by_role("link", name="Answer: now, later, or not this topic").click()
    ben.get_by_role("button", name="Apart, each on our phone").click()

    for page in (ana, ben):
        expect(page.get_by_role("heading", name="Calm first")).to_be_visible(timeout=LIVE)
        check_a11y(page)
        page.get_by_role("button", name="I'm ready").click()

    expect(ana.get_by_role("heading", name="How I felt")).to_be_visible(timeout=LIVE)
    check_a11y(ana)
    ana.get_by_text("Hurt", exact=True).click()  # a group of feeling words opens
    ana.get_by_label("hurt", exact=True).check()
    ana.get_by_text("Sad", exact=True).click()
    ana.get_by_label("lonely", exact=True).check()
    check_a11y(ana)
    screenshot(ana, "practice-repair-feelings-phone")
    ana.get_by_role("button", name="Send").click()
    expect(ana.get_by_text("Thank you, yours is in.")).to_be_visible()

    expect(ben.get_by_role("heading", name="How I felt")).to_be_visible(timeout=LIVE)
    assert "lonely, hurt" not in ben.content()  # private until both have written
    ben.get_by_text("Scared or anxious", exact=True).click()
    ben.get_by_label("anxious", exact=True).check()
    ben.get_by_role("button", name="Send").click()

    # Both sides appear for both, together, as the next step begins.
    expect(ben.get_by_text("lonely, hurt")).to_be_visible()
    expect(ana.get_by_text("anxious", exact=True)).to_be_visible(timeout=LIVE)
    expect(ana.get_by_role("heading", name="My side of it")).to_be_visible()
    check_a11y(ben)
    screenshot(ben, "practice-repair-reveal-desktop")
