"""The appreciations page shows twenty of each list at a time: the same queries and the same
number of decrypted words at 10× the appreciations, pages with and without htmx."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rituals.models import Appreciation
from tests.windows import cost

URL = "/rituals/appreciations/"


def add(author, recipient, count: int, start: int = 0) -> None:
    now = timezone.now()
    Appreciation.objects.bulk_create(
        Appreciation(
            couple=author.active_couple,
            author=author,
            recipient=recipient,
            text=f"Thank you, number {start + n}",
            response="You are welcome" if n % 2 else "",
            acknowledged_at=now if n % 2 else None,
            created_at=now - dt.timedelta(minutes=start + n),
        )
        for n in range(count)
    )


def test_the_appreciations_page_costs_the_same_at_ten_times_the_appreciations(
    alice, bob, alice_client, monkeypatch
) -> None:
    add(bob, alice, 25)
    add(alice, bob, 25)
    at_1x = cost(alice_client, URL, monkeypatch)
    add(bob, alice, 225, start=25)
    add(alice, bob, 225, start=25)
    at_10x = cost(alice_client, URL, monkeypatch)
    assert at_10x.queries == at_1x.queries
    # Only the words on the page are decrypted: 20 of each list, with their answers.
    assert at_10x.decrypted == at_1x.decrypted <= 2 * 20 * 2
    assert at_10x.body.count("Thank you, number") == 40


def test_older_appreciations_are_a_real_link_away_and_htmx_swaps_only_that_list(
    alice, bob, alice_client
) -> None:
    add(bob, alice, 25)
    page = alice_client.get(URL).content.decode()
    assert "Thank you, number 0" in page and "Thank you, number 24" not in page
    assert 'href="?for_you=2"' in page
    assert 'aria-label="More appreciations for you"' in page
    older = alice_client.get(
        URL, {"for_you": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="received-list"
    )
    fragment = older.content.decode()
    assert "<html" not in fragment
    assert 'id="received-list"' in fragment and 'id="sent-list"' not in fragment
    assert "Thank you, number 24" in fragment and "Thank you, number 0<" not in fragment
    assert 'rel="prev"' in fragment
    # Without JavaScript the same link gives the whole page.
    assert "<html" in alice_client.get(URL, {"for_you": 2}).content.decode()


def test_a_page_past_the_end_or_not_a_number_is_kind(alice, bob, alice_client) -> None:
    add(bob, alice, 3)
    beyond = alice_client.get(URL, {"for_you": 7}).content.decode()
    assert "No more appreciations here." in beyond and 'href="?"' in beyond
    assert alice_client.get(URL, {"for_you": "seven", "from_you": "-1"}).status_code == 200


def test_the_kind_empty_states_stay(alice, bob, alice_client) -> None:
    page = alice_client.get(URL).content.decode()
    assert "Appreciations from Bob will show here." in page
    assert "Nothing sent yet." in page
    assert 'class="pager"' not in page
