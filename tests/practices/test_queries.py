"""The conversation page, the poll and the transcript cost the same at 1× and 10× turns."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices import scheduling, services
from practices.models import Turn
from tests.practices.conftest import fresh


def add_turns(conv, alice, bob, count: int, start: int) -> None:
    Turn.objects.bulk_create(
        Turn(
            conversation=conv,
            author=alice if n % 2 else bob,
            step_key="send" if n % 2 else "mirror",
            visit=start + n,
            text=f"words {n}",
        )
        for n in range(count)
    )


def count_queries(client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code in {200, 204}
    return len(queries)


def test_query_counts_stay_constant_as_the_transcript_grows_tenfold(
    alice, bob, alice_client, dialogue, django_assert_num_queries
) -> None:
    conv = services.conversation_start(user=alice, version=dialogue, topic="Growth", sender=alice)
    scheduling.conversation_accept(mode="apart", conversation=conv, user=bob)
    # More than one transcript page (40 turns) already at 1×: a full page asks whether there
    # is a next one (couplesafe.lib.paging).
    add_turns(conv, alice, bob, 45, start=1000)
    conv = fresh(conv)
    page = f"/practices/{conv.public_id}/"
    poll = f"/practices/{conv.public_id}/version/"
    transcript = f"/practices/{conv.public_id}/transcript/"
    at_1x = {
        "page": count_queries(alice_client, page),
        "poll-changed": count_queries(alice_client, poll, data={"v": 0}, HTTP_HX_REQUEST="true"),
        "poll-same": count_queries(alice_client, poll, data={"v": conv.state_version}),
        "transcript": count_queries(alice_client, transcript),
    }
    add_turns(conv, alice, bob, 405, start=2000)
    assert Turn.objects.filter(conversation=conv).count() == 450
    with django_assert_num_queries(at_1x["page"]):
        alice_client.get(page)
    with django_assert_num_queries(at_1x["poll-changed"]):
        alice_client.get(poll, {"v": 0}, HTTP_HX_REQUEST="true")
    with django_assert_num_queries(at_1x["poll-same"]):
        assert alice_client.get(poll, {"v": conv.state_version}).status_code == 204
    with django_assert_num_queries(at_1x["transcript"]):
        alice_client.get(transcript)
    # The unchanged poll is the cheap path: session, person, one indexed lookup.
    assert at_1x["poll-same"] <= 3
