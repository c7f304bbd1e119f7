"""The therapist's couple page no longer decrypts every shared conversation whole: a few
shared conversations a page, each with its first turns, and one read in full a page at a
time. The same queries and decrypted words at 10× the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from practices.models import Turn
from tests.therapists import data
from tests.windows import cost
from therapists.models import CareLink, SharedItem


def shared_conversations(link: CareLink, alice: Any, bob: Any, count: int, turns: int) -> list:
    made = []
    for n in range(count):
        conv = data.conversation(
            link.couple, alice, completed_at=timezone.now() - dt.timedelta(hours=len(made) + n)
        )
        now = timezone.now()
        Turn.objects.bulk_create(
            Turn(
                conversation=conv,
                author=alice if t % 2 else bob,
                step_key="one",
                visit=t + 1,
                text=f"c{conv.pk}-turn-{t}",
                created_at=now + dt.timedelta(seconds=t),
            )
            for t in range(turns)
        )
        for partner in (alice, bob):
            SharedItem.objects.create(
                link=link, user=partner, kind="conversation", item_id=conv.public_id
            )
        made.append(conv)
    return made


def test_the_couple_page_costs_the_same_at_ten_times_the_shared_words(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any, monkeypatch: Any
) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    shared_conversations(theo_link, alice, bob, 4, 15)
    for n in range(10):
        data.checkin(alice, days_ago=n % 25)
        data.appreciation(bob, f"thanks {n}")
    at_1x = cost(theo_client, url, monkeypatch)
    shared_conversations(theo_link, alice, bob, 36, 150)
    for n in range(90):
        data.appreciation(bob, f"thanks {n}")
        data.pause(data.conversation(theo_link.couple, alice), bob)
    at_10x = cost(theo_client, url, monkeypatch)
    assert at_10x.queries == at_1x.queries
    # Three conversations of twelve turns each, nothing else encrypted is read.
    assert at_10x.decrypted == at_1x.decrypted == 3 * 12
    assert at_10x.body.count("-turn-") == 3 * 12


def test_one_shared_conversation_reads_in_full_a_page_at_a_time(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any
) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    (conv,) = shared_conversations(theo_link, alice, bob, 1, 50)
    page = theo_client.get(url).text
    assert f"c{conv.pk}-turn-11<" in page and f"c{conv.pk}-turn-12<" not in page
    assert f'href="?read={conv.public_id}#shared-reading"' in page
    reading = theo_client.get(url, {"read": str(conv.public_id)}).text
    assert f"c{conv.pk}-turn-39<" in reading and f"c{conv.pk}-turn-40<" not in reading
    assert 'id="shared-reading"' in reading and "turns=2" in reading
    rest = theo_client.get(url, {"read": str(conv.public_id), "turns": 2}).text
    assert f"c{conv.pk}-turn-49<" in rest


def test_a_conversation_not_shared_by_both_cannot_be_opened_by_its_id(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any
) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    half = data.conversation(theo_link.couple, alice)
    data.turn(half, alice, "HALF-SHARED-WORDS")
    SharedItem.objects.create(
        link=theo_link, user=alice, kind="conversation", item_id=half.public_id
    )
    for wanted in (str(half.public_id), "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = theo_client.get(url, {"read": wanted})
        assert response.status_code == 200
        assert "HALF-SHARED-WORDS" not in response.text
        assert 'id="shared-reading"' not in response.text


def test_shared_conversations_page_with_a_real_link(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any
) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    made = shared_conversations(theo_link, alice, bob, 4, 2)
    first = theo_client.get(url).text
    assert 'href="?shared=2"' in first and 'aria-label="More shared conversations"' in first
    second = theo_client.get(url, {"shared": 2}).text
    oldest = made[-1]
    assert f"c{oldest.pk}-turn-0<" in second and f"c{oldest.pk}-turn-0<" not in first
