"""Planted markers: nothing one partner answers, chooses or writes privately reaches a page,
partial, email, export or therapist view it must not (PRODUCT.md "Safety first")."""

from __future__ import annotations

import json

import pytest

from couplesafe.outbox.models import OutgoingMessage
from safety import data_rights, questions, services
from safety.models import TherapistMessage
from tests.conftest import client_for
from tests.notifications.test_push import register
from tests.outbox.helpers import deliver_outbox
from tests.rights.helpers import download_export
from tests.therapists.helpers import make_link, therapist_client

MESSAGE = "mk-alice-private-message-zq"
CHECKIN_WORDS = "mk-alice-private-checkin-zq"
# Words only the check itself uses: a question and the answer labels Alice gave.
CHECK_WORDS = ["afraid of your partner", "Yes, often"]
# Words of Alice's choices. Bob's own safety pages offer him the same choices, so these are
# looked for everywhere else; his safety pages are compared whole in test_step_back.
CHOICE_WORDS = ["stepped back", "Step back", "taking a break", "Private from"]


@pytest.fixture
def alice_told_theo(alice, bob, theo, library):  # type: ignore[no-untyped-def]
    return _alice_tells_theo(alice, bob, theo)


def _alice_tells_theo(alice, bob, theo):  # type: ignore[no-untyped-def]
    link = make_link(theo, alice, bob)
    client = client_for(alice)
    client.post(
        "/safety/check/",
        {
            **{q.key: questions.NO for q in questions.QUESTIONS},
            "afraid": "yes",
            "controlled": "sometimes",
        },
    )
    client.post("/safety/break/")
    # Both check in today; Alice keeps hers private, so Bob sees only that she checked in.
    client.post("/rituals/today/", {"mood": 2, "space_text": CHECKIN_WORDS, "private": "on"})
    client_for(bob).post("/rituals/today/", {"mood": 4, "space_text": "A calm day"})
    response = client.post(
        "/safety/therapist/", {"therapist": theo.pk, "text": MESSAGE, "include_check": "on"}
    )
    assert response.status_code == 302
    return link


def _bob_surfaces(bob, link) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = client_for(bob)
    pages = [
        "/home/",
        "/practices/",
        "/practices/start/validation-practice/",
        "/content/cards/",
        "/content/cards/current/",
        "/rituals/today/",
        "/rituals/together/",
        "/rituals/appreciations/",
        "/rituals/reminders/",
        "/therapist/care/",
        f"/therapist/care/{link.public_id}/view/",
        f"/therapist/care/{link.public_id}/sharing/",
        "/accounts/profile/",
        "/safety/",
        "/safety/support/",
        "/safety/therapist/",
        "/safety/devices/",
    ]
    seen = {path: client.get(path).content.decode() for path in pages}
    seen["htmx home"] = client.get("/home/", HTTP_HX_REQUEST="true").content.decode()
    data, raw, _ = download_export(client)
    seen["export"] = raw + json.dumps(data)
    return seen


def test_nothing_private_of_alice_reaches_bob_anywhere(
    alice_told_theo, alice, bob, mailoutbox
) -> None:
    for where, content in _bob_surfaces(bob, alice_told_theo).items():
        assert MESSAGE not in content, where
        assert CHECKIN_WORDS not in content, where
        for words in CHECK_WORDS:
            assert words not in content, (where, words)
        if not where.startswith("/safety/"):
            for words in CHOICE_WORDS:
                assert words not in content, (where, words)
    deliver_outbox()
    for email in mailoutbox:
        assert MESSAGE not in email.body and "afraid" not in email.body


def test_nothing_private_of_alice_reaches_a_phone_not_even_that_something_happened(
    alice, bob, theo, library, push_service, mailoutbox
) -> None:
    """Bob's phone and Theo's phone stay silent: a check, a step back, a private check-in and
    a private message to the therapist send no push (and no email to Bob) at all — a buzz at
    that moment would itself tell Bob something happened."""
    bobs_phone, theos_phone = push_service.new_device("bob"), push_service.new_device("theo")
    register(bob, bobs_phone)
    register(theo, theos_phone)
    _alice_tells_theo(alice, bob, theo)
    deliver_outbox()
    assert push_service.payloads(bobs_phone) == []
    assert push_service.payloads(theos_phone) == []
    assert not OutgoingMessage.objects.filter(user=bob).exists()
    assert [m for m in mailoutbox if "bob@example.com" in m.to] == []
    for message in OutgoingMessage.objects.all():
        for words in (MESSAGE, CHECKIN_WORDS, *CHECK_WORDS):
            assert words not in message.subject + message.body_text + message.body_html


def test_alice_sees_her_own_in_her_export_and_not_in_view_as_your_therapist(
    alice_told_theo, alice
) -> None:
    client = client_for(alice)
    _data, raw, _ = download_export(client)
    assert MESSAGE in raw
    assert "afraid of your partner" in raw
    view_as = client.get(f"/therapist/care/{alice_told_theo.public_id}/view/").content.decode()
    assert MESSAGE not in view_as and "Private from" not in view_as


def test_the_therapist_sees_it_marked_private_and_the_log_does_not_name_it(
    alice_told_theo, alice, bob, theo
) -> None:
    couple_page = therapist_client(theo).get(f"/therapist/couples/{alice.active_couple.public_id}/")
    page = couple_page.content.decode()
    assert "Private from Alice" in page and MESSAGE in page
    assert "afraid of your partner" in page  # she chose to send the check along
    dashboard = therapist_client(theo).get("/therapist/couples/").content.decode()
    csv = therapist_client(theo).get("/therapist/export.csv").content.decode()
    for content in (dashboard, csv):
        assert MESSAGE not in content and "Private from" not in content
    # The couple's log of looks records the look, and nothing about a message.
    care = client_for(bob).get("/therapist/care/").content.decode()
    assert "Opened your couple page" in care
    assert "message" not in care.lower().split("opened your couple page")[-1][:400]


def test_an_unlinked_therapist_and_another_couple_see_nothing(
    alice_told_theo, alice, tara, carol
) -> None:
    couple = alice.active_couple.public_id
    assert therapist_client(tara).get(f"/therapist/couples/{couple}/").status_code == 404
    message = TherapistMessage.objects.get()
    assert (
        client_for(carol).post(f"/safety/therapist/{message.public_id}/delete/").status_code == 404
    )


def test_a_message_goes_only_to_a_therapist_on_an_active_link(
    alice, bob, theo, tara, library
) -> None:
    make_link(theo, alice, bob)
    client = client_for(alice)
    response = client.post("/safety/therapist/", {"therapist": tara.pk, "text": "hello"})
    assert response.status_code == 200
    assert "Please choose your therapist from the list." in response.content.decode()
    assert "hello" in response.content.decode()  # nothing typed is lost
    assert not TherapistMessage.objects.exists()


def test_deleting_a_message_removes_it_from_the_therapists_page(
    alice_told_theo, alice, theo
) -> None:
    message = TherapistMessage.objects.get()
    client_for(alice).post(f"/safety/therapist/{message.public_id}/delete/")
    page = therapist_client(theo).get(f"/therapist/couples/{alice.active_couple.public_id}/")
    assert MESSAGE not in page.content.decode()


def test_leaving_the_couple_takes_the_answers_and_private_messages_along(
    alice_told_theo, alice
) -> None:
    data_rights.forget(user=alice, couple=alice.active_couple)
    assert not TherapistMessage.objects.exists()
    assert services.latest_check(alice) is None  # her answers were about that partner


def test_a_private_check_in_shows_the_partner_only_that_it_happened_even_after_they_check_in(
    alice, bob, library
) -> None:
    alice_client, bob_client = client_for(alice), client_for(bob)
    page = alice_client.get("/rituals/today/", {"private": "1"}).content.decode()
    assert 'name="private" id="id_private" checked' in page or (
        'name="private"' in page and "checked" in page
    )
    alice_client.post("/rituals/today/", {"mood": 2, "space_text": CHECKIN_WORDS, "private": "on"})
    bob_client.post("/rituals/today/", {"mood": 4, "space_text": "A calm day"})
    for path in ("/home/", "/rituals/together/"):
        page = bob_client.get(path).content.decode()
        assert CHECKIN_WORDS not in page, path
    together = bob_client.get("/rituals/together/").content.decode()
    assert "Checked in" in together
    # Alice always sees her own; sharing it again later that day reveals it as usual.
    assert CHECKIN_WORDS in alice_client.get("/rituals/together/").content.decode()
    alice_client.post("/rituals/today/", {"mood": 2, "space_text": CHECKIN_WORDS})
    assert CHECKIN_WORDS in bob_client.get("/rituals/together/").content.decode()
