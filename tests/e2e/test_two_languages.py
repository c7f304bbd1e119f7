"""A whole Intentional Dialogue between a Spanish-speaking partner in Mexico City and a
German-speaking partner in Berlin: each sees every page in their own language and on their own
clock, the words they exchange stay as typed, and axe finds nothing on any step.

The expected wording is read from the shipped catalogs and content translations, so the test
follows the translators' words rather than copying them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from practices.models import Conversation
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory

LIVE = 5_000
LIBRARY = Path(__file__).resolve().parents[2] / "couplesafe" / "content" / "library"


def steps_in(language: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(
        (
            LIBRARY / "translations" / language / "practices" / "intentional-dialogue.yaml"
        ).read_text()
    )
    return {step["key"]: step for step in data["steps"]}


def say(language: str, message: str, **names: str) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    assert language == "en" or text != message, f"{message!r} is not translated into {language}"
    return text % names if names else text


class Partner:
    def __init__(self, page: Page, language: str, zone: str) -> None:
        self.page, self.language, self.zone = page, language, zoneinfo.ZoneInfo(zone)
        self.steps = steps_in(language)

    def sees_step(self, key: str) -> None:
        title = self.steps[key]["title"]
        expect(self.page.get_by_role("heading", name=title)).to_be_visible(timeout=LIVE)
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        check_a11y(self.page)

    def writes(self, words: str) -> None:
        self.page.locator("#current-step textarea").fill(words)
        self.page.get_by_role("button", name=say(self.language, "Send"), exact=True).click()

    def answers_yes(self, key: str) -> None:
        label = self.steps[key]["confirm_labels"]["yes"]
        self.page.get_by_role("button", name=label).click()


def test_a_spanish_and_a_german_partner_share_a_whole_dialogue(new_partner_page, library) -> None:
    CoupleFactory(
        first__display_name="Lucía",
        first__email="lucia@example.com",
        first__language="es",
        first__time_zone="America/Mexico_City",
        second__display_name="Jonas",
        second__email="jonas@example.com",
        second__language="de",
        second__time_zone="Europe/Berlin",
    )
    lucia = Partner(new_partner_page(), "es", "America/Mexico_City")
    jonas = Partner(new_partner_page(), "de", "Europe/Berlin")
    log_in(lucia.page, "lucia@example.com", PASSWORD)
    log_in(jonas.page, "jonas@example.com", PASSWORD)
    for person in (lucia, jonas):
        expect(person.page.locator("html")).to_have_attribute("lang", person.language)
        check_a11y(person.page)
        screenshot(person.page, f"home-{person.language}-phone")

    lucia.page.goto("/practices/start/intentional-dialogue/")
    check_a11y(lucia.page)
    lucia.page.get_by_label(say("es", "What would you like to talk about?")).fill(
        "Nuestros domingos"
    )
    lucia.page.get_by_role("button", name=say("es", "Ask %(partner)s", partner="Jonas")).click()
    expect(
        lucia.page.get_by_role(
            "heading", name=say("es", "Waiting for %(partner)s", partner="Jonas")
        )
    ).to_be_visible()

    jonas.page.goto("/home/")
    check_a11y(jonas.page)
    jonas.page.get_by_role("link", name=say("de", "Answer: now, later, or not this topic")).click()
    check_a11y(jonas.page)
    screenshot(jonas.page, "answer-de-phone")
    jonas.page.get_by_role("button", name=say("de", "Apart, each on our phone")).click()

    # Lucía speaks in Spanish; Jonas reads her words exactly as typed, under German prompts.
    lucia.sees_step("send")
    screenshot(lucia.page, "send-es-phone")
    lucia.writes("Echo de menos nuestros domingos tranquilos.")
    jonas.sees_step("mirror")
    expect(jonas.page.get_by_text("Echo de menos nuestros domingos tranquilos.")).to_be_visible()
    screenshot(jonas.page, "mirror-de-phone")
    jonas.writes("Du vermisst unsere ruhigen Sonntage. Hab ich das richtig verstanden?")
    lucia.sees_step("check")
    expect(lucia.page.get_by_text("Du vermisst unsere ruhigen Sonntage.")).to_be_visible()
    lucia.answers_yes("check")
    lucia.sees_step("more")
    lucia.page.get_by_role("button", name=lucia.steps["more"]["confirm_labels"]["no"]).click()
    jonas.sees_step("summary")
    jonas.writes("Zusammengefasst: die Sonntage sind dir wichtig.")
    lucia.sees_step("summary-check")
    lucia.answers_yes("summary-check")
    jonas.sees_step("validate")
    jonas.writes("Das ergibt Sinn, weil die Woche so voll ist.")
    jonas.sees_step("empathy")
    jonas.page.locator("details.feeling-group summary").first.click()
    jonas.page.locator("details.feeling-group input[type=checkbox]").first.check()
    jonas.page.get_by_role("button", name=say("de", "Send"), exact=True).click()
    lucia.sees_step("empathy-check")
    lucia.answers_yes("empathy-check")
    for person, words in ((lucia, "Gracias por escucharme."), (jonas, "Danke fürs Erzählen.")):
        person.sees_step("thanks")
        person.writes(words)

    expect(
        lucia.page.get_by_role("heading", name=say("es", "You've finished a round"))
    ).to_be_visible(timeout=LIVE)
    check_a11y(lucia.page)
    lucia.page.get_by_role("button", name=say("es", "Finish for today")).click()
    for person in (lucia, jonas):
        done = say(person.language, "You finished this conversation")
        expect(person.page.get_by_role("heading", name=done)).to_be_visible(timeout=LIVE)
        check_a11y(person.page)

    # Read back, each on their own calendar: the day it started in Mexico City and in Berlin
    # (30 November in Mexico City, 1 December in Berlin), with the month named in the reader's language.
    Conversation.objects.update(created_at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))
    conv = Conversation.objects.get()
    for person in (lucia, jonas):
        person.page.goto(f"/practices/{conv.public_id}/transcript/")
        expect(person.page.locator("html")).to_have_attribute("lang", person.language)
        expect(
            person.page.get_by_text("Echo de menos nuestros domingos tranquilos.")
        ).to_be_visible()
        with translation.override(person.language):
            day = date_format(
                timezone.localtime(conv.created_at, person.zone), "DAY_MONTH_YEAR_FORMAT"
            )
        expect(person.page.locator("main")).to_contain_text(day)
        check_a11y(person.page)
        screenshot(person.page, f"transcript-{person.language}-phone")
