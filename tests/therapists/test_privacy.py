"""Privacy: planted marker strings never appear in any therapist response or the export,
unless the partner(s) explicitly shared that item."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.therapists import data
from therapists.models import CareLink, SharedItem

PRIVATE = {
    "reflection": "MARKER-REFLECTION-a1",
    "unshared_turn": "MARKER-TURN-b2",
    "half_shared_turn": "MARKER-HALFTURN-c3",
    "checkin_space": "MARKER-SPACE-d4",
    "checkin_need": "MARKER-NEED-e5",
    "appreciation": "MARKER-APPRECIATION-f6",
    "partner_shared_appreciation": "MARKER-NOTAUTHOR-g7",
    "topic": "MARKER-TOPIC-h8",
}


@pytest.fixture
def planted(theo_link: CareLink, alice: Any, bob: Any) -> dict[str, Any]:
    couple = theo_link.couple
    unshared = data.conversation(couple, alice)
    unshared.topic = PRIVATE["topic"]
    unshared.save(update_fields=["topic"])
    data.turn(unshared, alice, PRIVATE["unshared_turn"])
    data.note(unshared, alice, PRIVATE["reflection"])
    half = data.conversation(couple, bob, key="intentional-dialogue", kind="dialogue")
    data.turn(half, bob, PRIVATE["half_shared_turn"])
    # Only Alice agreed to share this one: not enough for a joint conversation.
    SharedItem.objects.create(
        link=theo_link, user=alice, kind="conversation", item_id=half.public_id
    )
    data.checkin(
        alice, mood=2, space_text=PRIVATE["checkin_space"], need_text=PRIVATE["checkin_need"]
    )
    data.appreciation(bob, PRIVATE["appreciation"])
    by_bob = data.appreciation(bob, PRIVATE["partner_shared_appreciation"])
    # Alice is not its author, so her share does not count.
    SharedItem.objects.create(
        link=theo_link, user=alice, kind="appreciation", item_id=by_bob.public_id
    )
    return {"unshared": unshared, "half": half}


def every_therapist_response(client: Client, link: CareLink) -> list[tuple[str, bytes]]:
    c = link.couple.public_id
    urls = [
        "/therapist/couples/",
        "/therapist/couples/?sort=name&show=all",
        "/therapist/export.csv",
        f"/therapist/couples/{c}/",
        "/therapist/content/",
    ]
    responses = [(url, client.get(url).content) for url in urls]
    responses.append(
        (
            "htmx dashboard",
            client.get("/therapist/couples/?sort=activity", HTTP_HX_REQUEST="true").content,
        )
    )
    responses.append(("note", client.post(f"/therapist/couples/{c}/notes/", {"text": "x"}).content))
    responses.append(
        (
            "homework error",
            client.post(f"/therapist/couples/{c}/homework/", {"choice": "nope"}).content,
        )
    )
    return responses


def test_no_private_words_reach_the_therapist(
    planted: dict[str, Any], theo_link: CareLink, theo_client: Client
) -> None:
    for url, content in every_therapist_response(theo_client, theo_link):
        body = content.decode()
        for name, marker in PRIVATE.items():
            assert marker not in body, f"{name} leaked into {url}"


def test_csv_export_has_engagement_and_no_words(
    planted: dict[str, Any], theo_link: CareLink, theo_client: Client
) -> None:
    response = theo_client.get("/therapist/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Alice & Bob" in body
    assert "MARKER" not in body
    lines = body.strip().splitlines()
    assert len(lines) == 3  # header + one line per partner


def test_a_conversation_shows_once_both_partners_share_it(
    planted: dict[str, Any], theo_link: CareLink, theo_client: Client, bob_client: Client
) -> None:
    half = planted["half"]
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    assert PRIVATE["half_shared_turn"] not in theo_client.get(url).content.decode()
    response = bob_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "conversation", "item": str(half.public_id), "shared": "1"},
    )
    assert response.status_code == 302
    assert PRIVATE["half_shared_turn"] in theo_client.get(url).content.decode()
    # Either partner can take it back alone.
    bob_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "conversation", "item": str(half.public_id)},
    )
    assert PRIVATE["half_shared_turn"] not in theo_client.get(url).content.decode()


def test_an_appreciation_shows_when_its_author_shares_it(
    theo_link: CareLink, theo_client: Client, bob: Any, bob_client: Client
) -> None:
    written = data.appreciation(bob, "MARKER-SHARED-APPRECIATION")
    response = bob_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "appreciation", "item": str(written.public_id), "shared": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Stop sharing" in response.content
    page = theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/").content.decode()
    assert "MARKER-SHARED-APPRECIATION" in page


def test_a_partner_cannot_share_what_is_not_theirs(
    planted: dict[str, Any], theo_link: CareLink, alice: Any, bob: Any, alice_client: Client
) -> None:
    by_bob = data.appreciation(bob, "MARKER-BOBS")
    response = alice_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "appreciation", "item": str(by_bob.public_id), "shared": "1"},
    )
    assert response.status_code == 404
    bobs_checkin = data.checkin(bob, space_text="MARKER-BOB-CHECKIN")
    response = alice_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "checkin", "item": str(bobs_checkin.public_id), "shared": "1"},
    )
    assert response.status_code == 404


def test_mood_trend_appears_only_for_the_partner_who_shares_it(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any, alice_client: Client
) -> None:
    data.checkin(alice, mood=4, days_ago=1)
    data.checkin(bob, mood=1, days_ago=1)
    assert "Alice's mood" not in theo_client.get("/therapist/couples/").content.decode()
    alice_client.post(f"/therapist/care/{theo_link.public_id}/sharing/", {"share_mood": "on"})
    body = theo_client.get("/therapist/couples/").content.decode()
    assert "Alice's mood" in body
    assert "<svg" in body
    assert "Bob's mood" not in body


def test_check_in_words_show_only_when_the_author_shares_that_check_in(
    theo_link: CareLink, theo_client: Client, alice: Any, alice_client: Client
) -> None:
    mine = data.checkin(alice, space_text="MARKER-SHARED-SPACE")
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    assert "MARKER-SHARED-SPACE" not in theo_client.get(url).content.decode()
    alice_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "checkin", "item": str(mine.public_id), "shared": "1"},
    )
    assert "MARKER-SHARED-SPACE" in theo_client.get(url).content.decode()


def test_view_as_your_therapist_shows_the_same_and_never_the_therapists_notes(
    planted: dict[str, Any], theo_link: CareLink, theo_client: Client, alice_client: Client
) -> None:
    theo_client.post(
        f"/therapist/couples/{theo_link.couple.public_id}/notes/", {"text": "MARKER-THERAPIST-NOTE"}
    )
    response = alice_client.get(f"/therapist/care/{theo_link.public_id}/view/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "What Theo sees" in body
    assert "MARKER-THERAPIST-NOTE" not in body
    for marker in PRIVATE.values():
        assert marker not in body
    therapist_page = theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/")
    assert "MARKER-THERAPIST-NOTE" in therapist_page.content.decode()


def test_view_as_hides_a_partners_shared_check_in_until_the_viewer_has_checked_in_that_day(
    theo_link: CareLink, bob: Any, alice: Any, alice_client: Client, bob_client: Client
) -> None:
    bobs = data.checkin(bob, mood=1, space_text="MARKER-BOB-TODAY")
    bob_client.post(
        f"/therapist/care/{theo_link.public_id}/share/",
        {"kind": "checkin", "item": str(bobs.public_id), "shared": "1"},
    )
    bob_client.post(f"/therapist/care/{theo_link.public_id}/sharing/", {"share_mood": "on"})
    url = f"/therapist/care/{theo_link.public_id}/view/"
    body = alice_client.get(url).content.decode()
    assert "MARKER-BOB-TODAY" not in body
    assert "last 14 days: 1" not in body
    # Bob himself still sees what he shared.
    assert "MARKER-BOB-TODAY" in bob_client.get(url).content.decode()
    data.checkin(alice, mood=4)
    body = alice_client.get(url).content.decode()
    assert "MARKER-BOB-TODAY" in body
    assert "last 14 days: 1" in body
