"""The card deck: random draws without recent repeats, the same card on both partners'
screens, favourites and "we talked about this", and strangers kept out."""

from __future__ import annotations

import pytest

from couplesafe.content import services
from couplesafe.content.models import Card, CardDraw, CardMark
from tests.content.factories import first_card, make_deck

CARDS = "/content/cards/"
CURRENT = "/content/cards/current/"
DRAW = "/content/cards/draw/"


def mark_url(card: Card) -> str:
    return f"/content/cards/{card.public_id}/mark/"


def test_no_card_repeats_within_the_recent_window(couple, alice, library) -> None:
    drawn = [
        services.card_draw(couple=couple, user=alice).card_id
        for _ in range(services.RECENT_DRAWS + 1)
    ]
    assert len(set(drawn)) == len(drawn)


def test_a_narrow_filter_brings_back_the_card_drawn_longest_ago(couple, alice, db) -> None:
    make_deck(cards=9)  # connect cards: 000, 003, 006
    order = [
        services.card_draw(couple=couple, user=alice, category="connect").card.key for _ in range(3)
    ]
    assert sorted(order) == ["tiny-deck-000", "tiny-deck-003", "tiny-deck-006"]
    again = [
        services.card_draw(couple=couple, user=alice, category="connect").card.key for _ in range(3)
    ]
    assert again == order


def test_draws_respect_category_and_depth(couple, alice, library) -> None:
    for _ in range(5):
        card = services.card_draw(couple=couple, user=alice, category="create", depth="tender").card
        assert (card.category, card.depth) == ("create", "tender")


def test_another_couples_draws_do_not_count_against_this_couple(couple, alice, carol, db) -> None:
    make_deck(cards=3)
    services.card_draw(couple=carol.active_couple, user=carol, category="connect")
    services.card_draw(couple=couple, user=alice, category="connect")
    # The only connect card was just drawn by the other couple too; it is still ours to draw.
    assert CardDraw.objects.filter(couple=couple).count() == 1


def test_when_alice_draws_bob_sees_the_same_card(alice_client, bob_client, library) -> None:
    before = bob_client.get(CARDS).content.decode()
    assert "No card yet" in before
    alice_client.post(DRAW, {"category": "connect", "depth": "light"})
    draw = CardDraw.objects.get()
    page = bob_client.get(CARDS).content.decode()
    assert draw.card.text.replace("'", "&#x27;") in page
    assert "Alice drew this card." in page
    assert "You drew this card." in alice_client.get(CARDS).content.decode()


def test_the_partners_poll_answers_204_until_something_changes(
    alice_client, bob_client, couple, alice, library
) -> None:
    empty = bob_client.get(CURRENT, HTTP_HX_REQUEST="true")
    assert empty.status_code == 200
    assert "<html" not in empty.content.decode()
    assert bob_client.get(CURRENT, {"since": "none."}).status_code == 204
    draw = services.card_draw(couple=couple, user=alice)
    changed = bob_client.get(CURRENT, {"since": "none."}, HTTP_HX_REQUEST="true")
    html = changed.content.decode()
    assert changed.status_code == 200
    assert "<html" not in html
    assert draw.card.text.replace("'", "&#x27;") in html
    assert f"since={draw.public_id}." in html
    assert bob_client.get(CURRENT, {"since": f"{draw.public_id}."}).status_code == 204
    # A mark by the partner is a change too.
    alice_client.post(mark_url(draw.card), {"kind": "favourite", "on": "1"})
    assert bob_client.get(CURRENT, {"since": f"{draw.public_id}."}).status_code == 200
    assert bob_client.get(CURRENT, {"since": f"{draw.public_id}.favourite"}).status_code == 204


def test_the_poll_costs_the_same_few_queries_at_any_history_length(
    bob_client, couple, alice, library, django_assert_num_queries
) -> None:
    services.card_draw(couple=couple, user=alice)
    # Six: the card, its marks, the session, the person, their couple, and whether they are
    # on a break from conversations (safety: a partner's draw does not follow them then).
    with django_assert_num_queries(6):
        bob_client.get(CURRENT)
    for _ in range(20):
        services.card_draw(couple=couple, user=alice)
    with django_assert_num_queries(6):
        bob_client.get(CURRENT)


def test_an_htmx_draw_answers_with_the_card_fragment(alice_client, library) -> None:
    response = alice_client.post(DRAW, {"depth": "deeper"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="current-card"' in html
    assert CardDraw.objects.get().card.depth == "deeper"


def test_a_draw_without_javascript_returns_to_the_deck_with_the_filters(
    alice_client, library
) -> None:
    response = alice_client.post(DRAW, {"category": "create", "depth": ""})
    assert response.status_code == 302
    assert response["Location"] == "/content/cards/?category=create&depth="


def test_a_filter_with_no_cards_says_so_kindly(alice_client, db) -> None:
    make_deck(cards=3)  # only light cards
    response = alice_client.post(DRAW, {"depth": "tender"}, HTTP_HX_REQUEST="true")
    assert "No card fits those choices" in response.content.decode()
    assert not CardDraw.objects.exists()


def test_favourites_and_talked_about_are_shared_by_the_couple(
    alice_client, bob_client, couple, alice, library
) -> None:
    draw = services.card_draw(couple=couple, user=alice)
    alice_client.post(mark_url(draw.card), {"kind": "favourite", "on": "1"})
    alice_client.post(mark_url(draw.card), {"kind": "favourite", "on": "1"})  # double tap
    bob_client.post(mark_url(draw.card), {"kind": "talked", "on": "1"})
    assert CardMark.objects.filter(couple=couple).count() == 2
    page = bob_client.get(CARDS).content.decode()
    assert page.count('aria-pressed="true"') == 2
    assert "You have talked about 1 card together." in page
    bob_client.post(mark_url(draw.card), {"kind": "favourite", "on": "0"})
    assert not CardMark.objects.filter(kind="favourite").exists()


def test_a_mark_by_htmx_answers_with_the_card_fragment(alice_client, couple, alice, library):
    draw = services.card_draw(couple=couple, user=alice)
    response = alice_client.post(
        mark_url(draw.card), {"kind": "talked", "on": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'aria-pressed="true"' in html


def test_strangers_never_see_or_touch_another_couples_deck(
    alice_client, carol_client, couple, alice, library
) -> None:
    draw = services.card_draw(couple=couple, user=alice)
    text = draw.card.text.replace("'", "&#x27;")
    assert text not in carol_client.get(CARDS).content.decode()
    assert text not in carol_client.get(CURRENT).content.decode()
    # Carol marking the same (public) card marks it for her own couple only.
    carol_client.post(mark_url(draw.card), {"kind": "favourite", "on": "1"})
    assert not CardMark.objects.filter(couple=couple).exists()


def test_a_card_from_an_unlinked_therapists_deck_is_a_404(alice_client, tara) -> None:
    card = first_card(make_deck(owner=tara, key="taras-deck"))
    response = alice_client.post(mark_url(card), {"kind": "favourite", "on": "1"})
    assert response.status_code == 404


def test_an_unlinked_therapists_cards_are_never_drawn(couple, alice, tara) -> None:
    make_deck(owner=tara, key="taras-deck")
    with pytest.raises(services.NothingToDraw):
        services.card_draw(couple=couple, user=alice)


@pytest.mark.parametrize("url", [CURRENT, DRAW])
def test_people_without_a_couple_get_404_from_the_couples_endpoints(solo, url) -> None:
    from tests.conftest import client_for

    client = client_for(solo)
    method = client.get if url == CURRENT else client.post
    assert method(url).status_code == 404


def test_someone_without_a_partner_is_invited_to_pair_first(solo) -> None:
    from tests.conftest import client_for

    html = client_for(solo).get(CARDS).content.decode()
    assert "Invite your partner" in html


def test_anonymous_people_are_sent_to_log_in(client, db) -> None:
    for url in (CARDS, CURRENT):
        assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post(DRAW)["Location"].startswith("/accounts/login/")


def test_wrong_methods_get_405(alice_client, library) -> None:
    card = Card.objects.first()
    assert alice_client.post(CARDS).status_code == 405
    assert alice_client.post(CURRENT).status_code == 405
    assert alice_client.get(DRAW).status_code == 405
    assert alice_client.get(mark_url(card)).status_code == 405


def test_an_htmx_favourite_also_refreshes_the_favourites_list(
    alice_client, couple, alice, library
) -> None:
    draw = services.card_draw(couple=couple, user=alice)
    response = alice_client.post(
        mark_url(draw.card), {"kind": "favourite", "on": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="card-lists" class="grid grid-2" hx-swap-oob="true"' in html
    card_part, favourites_part = html.split('id="favourites"')
    text = draw.card.text.replace("'", "&#x27;")
    assert text in card_part
    assert text in favourites_part


def test_a_deck_published_outside_the_content_services_is_drawn_from_too(
    couple, alice, carol, tara, tara_links_alice
) -> None:
    """Other apps (a therapist's own card set) may create a Version directly."""
    from couplesafe.content.models import Item, Version, checksum

    data = {
        "key": "taras-cards",
        "title": "Tara's cards",
        "categories": {},
        "cards": [{"key": "taras-cards-001", "category": "", "depth": "light", "text": "Hi?"}],
    }
    item = Item.objects.create(kind="deck", key="taras-cards", owner=tara, title="T", draft=data)
    item.current_version = Version.objects.create(
        item=item, number=1, data=data, checksum=checksum(data)
    )
    item.save()
    assert services.card_draw(couple=couple, user=alice).card.text == "Hi?"
    with pytest.raises(services.NothingToDraw):
        services.card_draw(couple=carol.active_couple, user=carol)  # not linked to Tara


def test_with_a_therapists_card_set_the_couple_can_choose_which_cards(
    alice_client, couple, tara, tara_links_alice, library
) -> None:
    own = make_deck(owner=tara, key="taras-deck", cards=3)
    page = alice_client.get(CARDS).content.decode()
    assert "Cards from" in page
    assert f'value="{own.public_id}"' in page
    for _ in range(3):
        alice_client.post(DRAW, {"deck": str(own.public_id)})
    assert {d.card.deck_id for d in CardDraw.objects.filter(couple=couple)} == {own.pk}


def test_with_only_the_shipped_deck_there_is_no_deck_choice(alice_client, library) -> None:
    assert "Cards from" not in alice_client.get(CARDS).content.decode()


def test_the_draw_starts_light(alice_client, library) -> None:  # type: ignore[no-untyped-def]
    page = alice_client.get(CARDS).content.decode()
    assert '<option value="light" selected>Start light</option>' in page


def test_next_card_marks_the_card_talked_about_and_draws_the_next(
    alice_client, bob_client, couple, alice, library
) -> None:  # type: ignore[no-untyped-def]
    first = services.card_draw(couple=couple, user=alice, depth="light").card
    page = alice_client.get(CARDS).content.decode()
    assert f'name="talked" value="{first.public_id}"' in page
    assert "Skip this card" in page
    response = alice_client.post(
        DRAW, {"talked": str(first.public_id), "depth": "light"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert CardMark.objects.filter(couple=couple, card=first, kind="talked").exists()
    latest = CardDraw.objects.filter(couple=couple).first()
    assert latest is not None and latest.card != first and latest.card.depth == "light"
    assert 'id="card-lists" class="grid grid-2" hx-swap-oob="true"' in response.content.decode()
    bob_page = bob_client.get(CARDS).content.decode()
    talked_part = bob_page.split('id="talked"')[1]
    assert first.text.replace("'", "&#x27;") in talked_part
    assert "You have talked about 1 card together." in talked_part


def test_skip_draws_another_card_without_marking_it(alice_client, couple, alice, library) -> None:  # type: ignore[no-untyped-def]
    first = services.card_draw(couple=couple, user=alice).card
    response = alice_client.post(DRAW, {"skip": "1", "depth": ""})
    assert response.status_code == 302
    assert CardDraw.objects.filter(couple=couple).count() == 2
    assert CardDraw.objects.filter(couple=couple).first().card != first  # type: ignore[union-attr]
    assert not CardMark.objects.exists()


def test_next_with_a_card_from_an_unlinked_therapist_marks_nothing(
    alice_client, couple, tara, library
) -> None:  # type: ignore[no-untyped-def]
    taras_card = first_card(make_deck(owner=tara, key="taras-deck"))
    response = alice_client.post(DRAW, {"talked": str(taras_card.public_id)})
    assert response.status_code == 302
    assert not CardMark.objects.exists()


def test_a_bad_next_value_is_ignored_kindly(alice_client, couple, library) -> None:  # type: ignore[no-untyped-def]
    response = alice_client.post(DRAW, {"talked": "not-a-card"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert CardDraw.objects.count() == 1
