"""The transcript and the conversations page read one page at a time: the same queries and
the same number of decrypted words at 10× the data."""

from __future__ import annotations

from practices import scheduling, services
from practices.models import Conversation, Turn
from tests.practices.conftest import fresh
from tests.practices.test_queries import add_turns
from tests.windows import cost


def test_the_transcript_decrypts_only_the_turns_on_its_page(
    alice, bob, alice_client, dialogue, monkeypatch
) -> None:
    conv = services.conversation_start(user=alice, version=dialogue, topic="Growth", sender=alice)
    scheduling.conversation_accept(mode="apart", conversation=conv, user=bob)
    add_turns(conv, alice, bob, 45, start=1000)
    url = f"/practices/{fresh(conv).public_id}/transcript/"
    at_1x = cost(alice_client, url, monkeypatch)
    add_turns(conv, alice, bob, 405, start=2000)
    at_10x = cost(alice_client, url, monkeypatch)
    assert at_10x.queries == at_1x.queries
    assert at_10x.decrypted == at_1x.decrypted <= 40 + 2  # the page's turns, topic, note
    assert 'href="?page=2"' in at_10x.body and 'rel="next"' in at_10x.body
    later = alice_client.get(
        url, {"page": 12}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="transcript-turns"
    )
    assert "<html" not in later.text and 'id="transcript-turns"' in later.text
    assert "words 404" in later.text  # the last of 450 turns is on page 12
    assert "That is the whole conversation." in alice_client.get(url, {"page": 99}).text


def many_finished(alice, version, count: int) -> None:
    couple = alice.active_couple
    Conversation.objects.bulk_create(
        Conversation(
            couple=couple,
            version=version,
            topic=f"Topic {n}",
            status=Conversation.Status.COMPLETED,
            started_by=alice,
            sender=alice,
        )
        for n in range(count)
    )


def test_the_conversations_page_costs_the_same_at_ten_times_the_conversations(
    alice, bob, alice_client, dialogue, monkeypatch
) -> None:
    services.conversation_start(user=alice, version=dialogue, topic="Open one", sender=alice)
    many_finished(alice, dialogue, 25)
    at_1x = cost(alice_client, "/practices/", monkeypatch)
    many_finished(alice, dialogue, 225)
    at_10x = cost(alice_client, "/practices/", monkeypatch)
    assert at_10x.queries == at_1x.queries
    assert at_10x.decrypted == at_1x.decrypted == 1 + 20  # the open one's topic, a page of 20
    assert at_10x.body.count("Topic ") == 20
    assert 'href="?finished=2"' in at_10x.body
    assert "Open one" in at_10x.body


def test_the_kind_empty_states_of_the_conversations_page_stay(alice, alice_client) -> None:
    page = alice_client.get("/practices/").text
    assert "Nothing in progress right now." in page
    assert "Finished conversations will be kept here" in page
    assert 'class="pager"' not in page


def test_turns_read_back_in_order_across_pages(alice, bob, alice_client, dialogue) -> None:
    conv = services.conversation_start(user=alice, version=dialogue, topic="Order", sender=alice)
    scheduling.conversation_accept(mode="apart", conversation=conv, user=bob)
    add_turns(conv, alice, bob, 41, start=1000)
    url = f"/practices/{conv.public_id}/transcript/"
    first, second = alice_client.get(url).text, alice_client.get(url, {"page": 2}).text
    assert "words 39<" in first and "words 40<" not in first
    assert "words 40<" in second
    assert Turn.objects.filter(conversation=conv).count() == 41
