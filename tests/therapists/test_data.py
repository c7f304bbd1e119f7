"""Leaving, deleting and exporting: links end with the person; exports list links and looks."""

from __future__ import annotations

from typing import Any

from django.test import Client

from couplesafe.content.models import Item
from couplesafe.lib import registry
from tests.therapists.helpers import make_link
from therapists import services
from therapists.models import CareLink


def test_forgetting_a_partner_everywhere_ends_their_links(theo_link: CareLink, bob: Any) -> None:
    registry.forget_everywhere(user=bob, couple=None)
    theo_link.refresh_from_db()
    assert theo_link.ended_at is not None


def test_forgetting_a_therapist_ends_all_their_links(theo: Any, theo_link: CareLink) -> None:
    waiting = make_link(theo)
    registry.forget_everywhere(user=theo, couple=None)
    assert not CareLink.objects.open().filter(pk__in=[theo_link.pk, waiting.pk]).exists()


def test_export_lists_links_and_each_look(
    theo_link: CareLink, theo_client: Client, alice: Any
) -> None:
    theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/")
    handler = next(h for h in registry.data_handlers() if h.name == "therapists")
    exported = handler.export(alice)
    assert exported["care_links"][0]["therapist"] == "Theo"
    assert exported["care_links"][0]["views_by_therapist"][0]["action"] == "Opened your couple page"


def test_therapists_own_cards_are_seen_only_by_their_linked_couples(
    theo: Any, theo_link: CareLink, theo_client: Client, alice: Any, carol: Any, tara: Any
) -> None:
    response = theo_client.post(
        "/therapist/content/",
        {
            "what": "deck",
            "category": "connect",
            "title": "Gentle Openers",
            "description": "",
            "cards": "What made you smile?\nWhat do you need?",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(owner=theo)
    assert item.current_version.data["cards"][1]["text"] == "What do you need?"
    assert Item.objects.visible_to(alice).filter(pk=item.pk).exists()
    assert not Item.objects.visible_to(carol).filter(pk=item.pk).exists()
    assert not Item.objects.visible_to(tara).filter(pk=item.pk).exists()
    services.link_end(link=theo_link, user=alice)
    assert not Item.objects.visible_to(alice).filter(pk=item.pk).exists()


def test_own_cards_can_be_given_as_homework(
    theo: Any, theo_link: CareLink, theo_client: Client
) -> None:
    services.deck_create(
        therapist=theo, title="Openers", description="", category="connect", cards=["One?"]
    )
    page = theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/").content.decode()
    assert 'value="cards:openers"' in page


def test_an_empty_card_set_is_explained(theo_client: Client) -> None:
    response = theo_client.post(
        "/therapist/content/",
        {"what": "deck", "title": "Empty", "category": "connect", "cards": "  \n "},
    )
    assert response.status_code == 200
    assert "at least one card" in response.content.decode()


def test_therapists_own_practice_is_published_and_runs_for_linked_couples(
    theo: Any, theo_link: CareLink, theo_client: Client, alice: Any, carol: Any
) -> None:
    from couplesafe.content.selectors import practice_version, practices_for

    response = theo_client.post(
        "/therapist/content/",
        {
            "what": "practice",
            "title": "Weekly Weather Report",
            "kind": "check-in",
            "summary": "Tell each other how the week felt.",
            "for_whom": "Any week.",
            "why": "Small talks keep the big ones smaller.",
            "minutes": "10",
            "steps": "Sunshine: What went well this week?\nClouds: What was hard?",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(owner=theo, kind="practice")
    steps = item.current_version.steps
    assert [s.title for s in steps] == ["Sunshine", "Clouds"]
    assert steps[-1].then == "end"
    assert item in practices_for(alice)
    assert item not in practices_for(carol)
    assert practice_version(item.key, alice) == item.current_version
    page = theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/").content.decode()
    assert f'value="practice:{item.key}"' in page


def test_a_practice_without_steps_is_explained_and_kept(theo_client: Client) -> None:
    response = theo_client.post(
        "/therapist/content/",
        {"what": "practice", "title": "Half done", "kind": "dialogue", "steps": ""},
    )
    body = response.content.decode()
    assert "Please write at least one step." in body
    assert 'value="Half done"' in body


def test_an_own_practice_never_takes_the_key_of_a_shipped_one(theo: Any) -> None:
    from tests.therapists.data import practice_version

    practice_version("validation-practice", "validation")
    item = services.practice_create(
        therapist=theo,
        title="Validation Practice",
        kind="validation",
        summary="s",
        for_whom="f",
        why="w",
        minutes=10,
        steps=[("One", "Do one thing.")],
    )
    assert item.key == "validation-practice-2"
