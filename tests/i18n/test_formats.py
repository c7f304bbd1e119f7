"""Dates are written the way the reader's language writes them (couplesafe/formats: named
shapes per language, month and day names from Django's catalogs), and numbers meant for the
browser (a chart's coordinates) are never written with a decimal comma."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from couplesafe.accounts.models import User
from tests.conftest import client_for
from tests.therapists import data
from tests.therapists.helpers import make_link, therapist_client

ROOT = Path(settings.BASE_DIR)
NOW = dt.datetime(2027, 3, 10, 11, 0, tzinfo=dt.UTC)  # Wednesday 10 March 2027, noon in Berlin
THEN = dt.datetime(2027, 3, 8, 9, 0, tzinfo=dt.UTC)  # Monday 8 March 2027
ENGLISH_NAMES = re.compile(r"\b(?:March|Monday|Wednesday|Mon|Wed)\b")
EXPECTED = {
    # language: words the page must show for 8 March 2027 (a Monday)
    "es": {"day": "8 de marzo", "weekday": "lunes, 8 de marzo", "year": "8 de marzo de 2027"},
    "de": {"day": "8. März", "weekday": "Montag, 8. März", "year": "8. März 2027"},
}


def _names(code: str) -> dict[str, str]:
    module = importlib.import_module(f"couplesafe.formats.{code}.formats")
    return {name: value for name, value in vars(module).items() if name.endswith("_FORMAT")}


def test_every_language_writes_every_named_shape() -> None:
    english = _names("en")
    assert english
    for code, _name in settings.LANGUAGES:
        assert set(_names(code)) == set(english), code


@pytest.mark.parametrize(
    ("code", "name", "written"),
    [
        ("en", "WEEKDAY_DAY_MONTH_TIME_FORMAT", "Monday 8 March, 10:00"),
        ("es", "WEEKDAY_DAY_MONTH_TIME_FORMAT", "lunes, 8 de marzo, 10:00"),
        ("de", "WEEKDAY_DAY_MONTH_TIME_FORMAT", "Montag, 8. März, 10:00"),
        ("es", "DAY_MONTH_YEAR_SHORT_FORMAT", "8 mar 2027"),
        ("de", "DAY_MONTH_SHORT_FORMAT", "8. Mär"),
        ("de", "WEEKDAY_SHORT_DAY_MONTH_FORMAT", "Mo, 8. Mär"),
    ],
)
def test_a_named_shape_is_written_as_the_language_writes_it(
    code: str, name: str, written: str
) -> None:
    with translation.override(code):
        assert date_format(dt.datetime(2027, 3, 8, 10, 0), name) == written


# A raw format that puts a day number beside a month or day name is a shape: name it.
_RAW_SHAPE = re.compile(r"^(?=.*[jd])(?=.*[FMNbElD]).*$")


def _raw_formats() -> list[str]:
    found = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for match in re.finditer(r"""\|date:(?:_\()?["']([^"']+)["']""", path.read_text()):
            if not match.group(1).isupper() and _RAW_SHAPE.match(match.group(1)):
                found.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    for folder in ("couplesafe", "practices", "rituals", "therapists", "safety"):
        for path in (ROOT / folder).rglob("*.py"):
            if "formats" in path.parts:
                continue
            text = path.read_text()
            for match in re.finditer(r"""date_format\([^,]+,\s*["']([^"']+)["']""", text):
                if not match.group(1).isupper() and _RAW_SHAPE.match(match.group(1)):
                    found.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
            for match in re.finditer(r"%[BbAa]|:%-?d %B", text):
                found.append(f"{path.relative_to(ROOT)}: strftime {match.group(0)}")
    return found


def test_no_template_or_module_writes_a_date_in_an_english_shape() -> None:
    assert _raw_formats() == []


@pytest.fixture
def march(alice: Any, bob: Any, theo: Any) -> dict[str, Any]:
    """Alice and Bob, linked to Theo, with a week of things dated Monday 8 March 2027."""
    with time_machine.travel(NOW, tick=False):
        data.appreciation(alice, "Thank you for the tea", created_at=THEN)
        conversation = data.conversation(alice.active_couple, alice, completed_at=THEN)
        type(conversation).objects.filter(pk=conversation.pk).update(created_at=THEN)
        for user in (alice, bob):
            data.checkin(user, days_ago=2, mood=4, created_at=THEN)
            data.checkin(user, days_ago=1, mood=3, created_at=THEN + dt.timedelta(days=1))
        link = make_link(theo, alice, bob)
    return {"conversation": conversation, "link": link}


@pytest.mark.parametrize("code", ["es", "de"])
def test_the_main_pages_write_dates_in_the_readers_language(
    march: dict[str, Any], alice: Any, bob: Any, theo: Any, code: str
) -> None:
    for person in (alice, bob, theo):
        User.objects.filter(pk=person.pk).update(language=code)
    conversation = march["conversation"]
    expected = EXPECTED[code]
    with time_machine.travel(NOW, tick=False):
        partner = client_for(bob)
        therapist = therapist_client(theo)
        pages = {
            "/home/": (partner, expected["day"]),
            "/rituals/appreciations/": (partner, expected["day"]),
            "/rituals/together/": (partner, expected["weekday"]),
            f"/practices/{conversation.public_id}/transcript/": (partner, expected["year"]),
            "/practices/": (partner, "2027"),
            f"/therapist/couples/{march['link'].couple.public_id}/": (therapist, "2027"),
        }
        for path, (client, words) in pages.items():
            page = client.get(path)
            body = page.content.decode()
            assert page.status_code == 200, path
            assert words in body, (path, words)
            visible = re.sub(r'<time datetime="[^"]*"', "<time", body)
            assert not ENGLISH_NAMES.search(visible), (path, ENGLISH_NAMES.search(visible))


@pytest.mark.parametrize("code", ["es", "de"])
def test_the_mood_chart_keeps_its_coordinates_numbers_for_the_browser(
    march: dict[str, Any], bob: Any, code: str
) -> None:
    User.objects.filter(pk=bob.pk).update(language=code)
    with time_machine.travel(NOW, tick=False):
        body = client_for(bob).get("/rituals/together/").content.decode()
    chart = re.search(r'<svg class="chart mood-chart".*?</svg>', body, re.S).group(0)
    coordinates = re.findall(r'\s(?:x|y|cx|cy|x1|x2|y1|y2)="([^"]*)"', chart)
    assert len(coordinates) > 10
    assert all(re.fullmatch(r"-?\d+(?:\.\d+)?", c) for c in coordinates), coordinates
