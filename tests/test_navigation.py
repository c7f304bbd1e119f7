"""The main navigation: on a phone a bottom bar with the first four places and "More" (a
<details>, so it works without JavaScript); every destination a person may visit is in it."""

from __future__ import annotations

import re

from django.urls import reverse

from couplesafe.lib import registry
from tests.conftest import client_for


def nav_html(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/home/").content.decode()
    return re.search(r'<nav aria-label="Main".*?</nav>', page, re.S).group(0)  # type: ignore[union-attr]


def test_a_partner_sees_four_places_then_more_with_every_other_destination(alice) -> None:  # type: ignore[no-untyped-def]
    nav = nav_html(client_for(alice))
    main, more = nav.split("<details", 1)
    assert re.findall(r">([^<]+)</a></li>", main) == [
        "Home",
        "Conversations",
        "Check-in",
        "Together",
    ]
    assert "<summary>More" in more
    for item in registry.nav_items():
        if item.visible(alice):
            assert f'href="{reverse(item.url_name)}"' in nav, item.label
    assert "style=" not in nav and "<script" not in nav


def test_a_therapist_sees_every_place_without_a_more_menu(theo) -> None:  # type: ignore[no-untyped-def]
    nav = nav_html(client_for(theo))
    assert "<details" not in nav
    assert re.findall(r">([^<]+)</a></li>", nav) == ["Home", "Couples", "My cards", "Practices"]


def test_on_a_page_behind_more_the_menu_says_so(alice) -> None:  # type: ignore[no-untyped-def]
    page = client_for(alice).get("/content/cards/").content.decode()
    assert 'class="nav-more-menu has-current"' in page
    assert '<a href="/content/cards/" class="nav-content-cards" aria-current="page">' in page
    home = client_for(alice).get("/home/").content.decode()
    assert "has-current" not in home
