"""Every rituals view: anonymous → login, stranger → 404, allowed → 200, wrong method → 405."""

from __future__ import annotations

import pytest
from django.test import Client

from rituals import appreciations, reminders
from rituals.models import ReminderSchedule
from tests.conftest import client_for

PAGES = [
    "/rituals/today/",
    "/rituals/together/",
    "/rituals/appreciations/",
    "/rituals/reminders/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_people_are_asked_to_log_in(url: str, db) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_partners_see_their_page(url: str, alice_client) -> None:
    response = alice_client.get(url)
    assert response.status_code == 200
    assert "<main" in response.text


@pytest.mark.parametrize("url", PAGES)
def test_people_without_a_couple_are_sent_home_to_pair_first(url: str, solo, theo) -> None:
    for person in (solo, theo):
        response = client_for(person).get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/home/"


@pytest.mark.parametrize("url", ["/rituals/together/"])
def test_wrong_method_is_405(url: str, alice_client) -> None:
    assert alice_client.post(url).status_code == 405
    assert alice_client.delete("/rituals/today/").status_code == 405
    assert alice_client.put("/rituals/reminders/").status_code == 405


def test_a_stranger_gets_404_for_someone_elses_appreciation(alice, bob, carol_client, theo) -> None:
    thanks = appreciations.appreciation_send(author=bob, text="For Alice")
    url = f"/rituals/appreciations/{thanks.public_id}/respond/"
    assert carol_client.get(url).status_code == 404
    assert carol_client.post(url, {"response": "hijack"}).status_code == 404
    assert client_for(theo).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert client_for(alice).get(url).status_code == 200
    assert client_for(alice).delete(url).status_code == 405


def test_a_stranger_gets_404_for_someone_elses_reminder(alice, carol_client, bob) -> None:
    plan = reminders.commitment_reminder_create(user=alice)
    url = f"/rituals/reminders/{plan.public_id}/off/"
    assert carol_client.post(url).status_code == 404
    assert client_for(bob).post(url).status_code == 404  # even the partner
    assert Client().post(url).status_code == 302
    assert client_for(alice).get(url).status_code == 405
    assert ReminderSchedule.objects.get(pk=plan.pk).enabled


def test_unsubscribe_answers_405_to_other_methods(alice) -> None:
    schedule = reminders.commitment_reminder_create(user=alice)
    url = f"/rituals/unsubscribe/{reminders.unsubscribe_token(schedule)}/"
    assert Client().put(url).status_code == 405
