"""Leaving a couple, then pairing with someone else: nothing of the old couple shows."""

from __future__ import annotations

from django.test import Client
from django.urls import NoReverseMatch, reverse

from couplesafe.accounts import services
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.rights.helpers import handled
from tests.rights.markers import find_marker, marker_for, markers, own_fields, planted_markers

# The pages a partner sees; names that do not exist (yet) are left out.
PAGES = [
    "home",
    "rituals:today",
    "rituals:couple",
    "rituals:appreciations",
    "rituals:reminders",
    "practices:list",
    "therapists:care",
    "accounts:profile",
]


def page_urls() -> list[str]:
    urls = []
    for name in PAGES:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def seen_markers(client: Client, tags: tuple[str, ...]) -> set[str]:
    seen = set()
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        seen.update(f"{url}: {tag}" for tag in tags if f"mk-{tag}-" in body)
    return seen


def test_after_leaving_and_pairing_anew_no_page_shows_the_old_couple(
    planted, alice, bob, alice_client
) -> None:
    old_conversation = planted["bob"].get("practices.Conversation")
    assert seen_markers(alice_client, ("bob",)), "Bob's words should show to Alice before"

    response = alice_client.post("/accounts/couple/leave/", {"password": PASSWORD})
    assert response.status_code == 302
    riley = UserFactory(display_name="Riley", email="riley@example.com")
    invite, _ = services.invite_create(inviter=riley)
    alice.forget_couple_cache()
    services.invite_accept(invite=invite, user=alice)

    assert seen_markers(alice_client, ("alice", "bob")) == set()
    assert seen_markers(client_for(riley), ("alice", "bob")) == set()
    if old_conversation is not None:
        url = reverse("practices:detail", args=[old_conversation.public_id])
        assert alice_client.get(url).status_code == 404
        assert client_for(riley).get(url).status_code == 404


def test_leaving_removes_her_words_from_the_old_couple_and_bob_keeps_his(
    planted, alice_client
) -> None:
    alice_client.post("/accounts/couple/leave/", {"password": PASSWORD})
    left = {k: find_marker(m) for k, m in markers("alice").items() if handled(k.rsplit(".", 1)[0])}
    assert not any(left.values()), {k: v for k, v in left.items() if v}
    for label, row in planted["bob"].items():
        fresh = type(row)._base_manager.filter(pk=row.pk).first()
        assert fresh is not None, f"Bob lost his own {label} when Alice left"
        for name in own_fields(label):
            assert marker_for("bob", type(row), name) in getattr(fresh, name), label
    assert all(find_marker(m) for m in planted_markers(planted["carol"], "carol", "dave"))
