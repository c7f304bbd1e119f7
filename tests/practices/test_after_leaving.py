"""After a partner leaves, the one who stays can still read back the conversations in which
they wrote: their own words, the other's as the neutral "removed" marker (PRODUCT.md)."""

from __future__ import annotations

from django.test import Client

from couplesafe.accounts import services as accounts
from practices.models import Conversation, Turn
from tests.conftest import client_for


def finished_conversation(couple, alice, bob, version, *, alice_writes: bool = True):  # type: ignore[no-untyped-def]
    steps = [step["key"] for step in version.data["steps"]]
    conv = Conversation.objects.create(
        couple=couple,
        version=version,
        status=Conversation.Status.COMPLETED,
        started_by=alice,
        sender=alice,
        current_step_key=steps[0],
    )
    if alice_writes:
        Turn.objects.create(
            conversation=conv, author=alice, step_key=steps[0], visit=1, text="Alice-own-words"
        )
    Turn.objects.create(
        conversation=conv, author=bob, step_key=steps[1], visit=2, text="Bob-own-words"
    )
    return conv


def test_after_bob_leaves_alice_still_reads_her_words_and_bobs_are_removed(
    alice, bob, couple, alice_client: Client, dialogue
) -> None:
    conv = finished_conversation(couple, alice, bob, dialogue)
    accounts.couple_leave(user=bob)
    alice.forget_couple_cache()

    response = alice_client.get(f"/practices/{conv.public_id}/transcript/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alice-own-words" in page
    assert "Bob-own-words" not in page
    assert "(removed)" in page
    listing = alice_client.get("/practices/").content.decode()
    assert "From before" in listing
    assert f"/practices/{conv.public_id}/transcript/" in listing


def test_the_one_who_left_and_strangers_still_get_404(alice, bob, couple, carol, dialogue) -> None:
    conv = finished_conversation(couple, alice, bob, dialogue)
    accounts.couple_leave(user=bob)
    url = f"/practices/{conv.public_id}/transcript/"
    assert client_for(bob).get(url).status_code == 404
    assert client_for(carol).get(url).status_code == 404
    assert (
        f"/practices/{conv.public_id}/" not in client_for(bob).get("/practices/").content.decode()
    )


def test_a_past_conversation_is_read_only(alice, bob, couple, alice_client, dialogue) -> None:  # type: ignore[no-untyped-def]
    conv = finished_conversation(couple, alice, bob, dialogue)
    accounts.couple_leave(user=bob)
    alice.forget_couple_cache()
    page = alice_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    assert f"/practices/{conv.public_id}/note/" not in page
    assert f"/practices/{conv.public_id}/delete/" not in page
    for url in ("", "note/", "delete/"):
        assert alice_client.get(f"/practices/{conv.public_id}/{url}").status_code == 404


def test_a_past_conversation_in_which_she_wrote_nothing_is_not_kept_for_her(
    alice, bob, couple, alice_client, dialogue
) -> None:  # type: ignore[no-untyped-def]
    conv = finished_conversation(couple, alice, bob, dialogue, alice_writes=False)
    accounts.couple_leave(user=bob)
    alice.forget_couple_cache()
    assert alice_client.get(f"/practices/{conv.public_id}/transcript/").status_code == 404
