"""Appreciations: send, see on the home page, answer, weekly recap."""

from __future__ import annotations

from rituals import appreciations
from rituals.models import Appreciation


def test_sending_an_appreciation_goes_to_the_partner(alice, bob, alice_client) -> None:
    response = alice_client.post(
        "/rituals/appreciations/", {"text": "When you made tea, I felt cared for."}
    )
    assert response.status_code == 302
    sent = Appreciation.objects.get()
    assert (sent.author, sent.recipient) == (alice, bob)


def test_an_empty_appreciation_gets_a_kind_message(alice_client) -> None:
    response = alice_client.post("/rituals/appreciations/", {"text": "  "})
    assert response.status_code == 200
    assert "Write a few words about what they did" in response.text
    assert not Appreciation.objects.exists()


def test_the_recipient_sees_a_new_appreciation_on_their_home_page(alice, bob, bob_client) -> None:
    appreciations.appreciation_send(author=alice, text="Thanks for walking the dog")
    from django.test import RequestFactory

    from rituals.home import home_context

    request = RequestFactory().get("/home/")
    request.user = bob
    section = home_context(request)
    assert section is not None
    assert [a.text for a in section["new_appreciations"]] == ["Thanks for walking the dog"]


def test_the_home_card_is_nothing_for_someone_without_a_couple(solo) -> None:
    from django.test import RequestFactory

    from rituals.home import home_context

    request = RequestFactory().get("/home/")
    request.user = solo
    assert home_context(request) is None


def test_the_recipient_answers_and_the_author_sees_the_answer(
    alice, bob, bob_client, alice_client
) -> None:
    thanks = appreciations.appreciation_send(author=alice, text="Thanks for the call")
    page = bob_client.get(f"/rituals/appreciations/{thanks.public_id}/respond/")
    assert "Thanks for the call" in page.text
    response = bob_client.post(
        f"/rituals/appreciations/{thanks.public_id}/respond/",
        {"response": "It meant a lot to me too"},
    )
    assert response.status_code == 302
    thanks.refresh_from_db()
    assert thanks.acknowledged_at is not None
    assert "It meant a lot to me too" in alice_client.get("/rituals/appreciations/").text


def test_answering_by_htmx_returns_the_fragment(alice, bob, bob_client) -> None:
    thanks = appreciations.appreciation_send(author=alice, text="Thanks")
    response = bob_client.post(
        f"/rituals/appreciations/{thanks.public_id}/respond/",
        {"response": "Glad you noticed"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "Glad you noticed" in response.text


def test_answering_twice_is_a_conflict_that_keeps_the_first_answer(alice, bob, bob_client) -> None:
    thanks = appreciations.appreciation_send(author=alice, text="Thanks")
    url = f"/rituals/appreciations/{thanks.public_id}/respond/"
    bob_client.post(url, {"response": "First"})
    response = bob_client.post(url, {"response": "Second"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "You already answered" in response.text
    thanks.refresh_from_db()
    assert thanks.response == "First"


def test_the_author_cannot_answer_their_own_appreciation(alice, alice_client) -> None:
    thanks = appreciations.appreciation_send(author=alice, text="Thanks")
    assert (
        alice_client.get(f"/rituals/appreciations/{thanks.public_id}/respond/").status_code == 404
    )


def test_the_couple_page_has_a_weekly_recap(alice, bob, alice_client) -> None:
    appreciations.appreciation_send(author=alice, text="Thank you for Sunday")
    appreciations.appreciation_send(author=bob, text="Thank you for the flowers")
    text = alice_client.get("/rituals/together/").text
    assert "2 appreciations between you this week" in text
    assert "Thank you for Sunday" in text and "Thank you for the flowers" in text


def test_another_couple_cannot_see_appreciations(alice, carol, carol_client) -> None:
    appreciations.appreciation_send(author=alice, text="ALICE-WORDS")
    assert not Appreciation.objects.visible_to(carol).exists()
    assert "ALICE-WORDS" not in carol_client.get("/rituals/appreciations/").text


def test_the_home_page_shows_todays_card_and_new_appreciations(alice, bob, bob_client) -> None:
    appreciations.appreciation_send(author=alice, text="Thank you for the early coffee")
    text = bob_client.get("/home/").text
    assert "A minute for how you are today." in text
    assert "Thank you for the early coffee" in text
    assert "Answer Alice" in text
