"""Quick exit: on every signed-in page and on the help page, going to a configurable neutral
site, with no inline script (the CSP stays strict)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

SIGNED_IN_PAGES = [
    "/home/",
    "/practices/",
    "/rituals/today/",
    "/content/cards/",
    "/accounts/profile/",
    "/safety/",
    "/safety/support/",
    "/therapist/care/",
    "/help/",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_every_signed_in_page_has_the_quick_exit(alice_client, path: str, settings) -> None:
    settings.QUICK_EXIT_URL = "https://weather.example/today"
    page = alice_client.get(path).content.decode()
    assert re.search(
        r'<a class="quick-exit" href="https://weather.example/today"[^>]*data-quick-exit', page
    )
    assert '<meta name="quick-exit-url" content="https://weather.example/today">' in page


def test_the_help_page_has_the_quick_exit_for_visitors_too() -> None:
    page = Client().get("/help/").content.decode()
    assert "data-quick-exit" in page and "Quick exit" in page


def test_the_quick_exit_is_an_external_script_with_the_nonce_and_no_inline_handler(
    alice_client,
) -> None:
    response = alice_client.get("/home/")
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)  # type: ignore[union-attr]
    assert f'src="/static/js/quick-exit.js" nonce="{nonce}"' in page
    assert "onclick" not in page and "location.replace" not in page


def test_the_help_page_lists_help_lines_from_the_data_file_for_the_chosen_country() -> None:
    client = Client()
    assert "0808 2000 247" in client.get("/help/", {"country": "GB"}).content.decode()
    assert "1800RESPECT" in client.get("/help/", {"country": "AU"}).content.decode()
    unknown = client.get("/help/", {"country": "<script>"}).content.decode()
    assert "Find A Helpline" in unknown


def test_the_country_is_guessed_from_the_persons_time_zone(alice, alice_client) -> None:
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    assert "Hilfetelefon" in alice_client.get("/safety/support/").content.decode()
