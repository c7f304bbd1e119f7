"""Homework: assigned by the therapist, shown on the couple's home page, completed
automatically from what the couple does after it was given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from tests.therapists import data
from therapists.models import CareLink, Homework


def assign(client: Client, link: CareLink, choice: str, **extra: str) -> Any:
    return client.post(
        f"/therapist/couples/{link.couple.public_id}/homework/", {"choice": choice, **extra}
    )


def test_assigned_homework_shows_on_both_partners_home_pages(
    theo_link: CareLink, theo_client: Client, alice_client: Client, bob_client: Client
) -> None:
    data.practice_version()
    response = assign(
        theo_client,
        theo_link,
        "practice:repair-after-rupture",
        note="Try it on a calm evening",
        due_date="2030-01-15",
    )
    assert response.status_code == 302
    homework = Homework.objects.get(link=theo_link)
    assert homework.title == "Repair After Rupture"
    for client in (alice_client, bob_client):
        body = client.get("/home/").content.decode()
        assert "Homework from Theo" in body
        assert "Repair After Rupture" in body
        assert "Try it on a calm evening" in body


def test_homework_is_not_on_the_home_page_of_another_couple_or_after_the_link_ends(
    theo_link: CareLink, alice_client: Client, carol_client: Client, bob_client: Client
) -> None:
    Homework.objects.create(link=theo_link, kind="ritual", target="checkin", title="Daily check-in")
    assert "Daily check-in" not in carol_client.get("/home/").content.decode()
    bob_client.post(f"/therapist/care/{theo_link.public_id}/end/")
    assert "Homework from Theo" not in alice_client.get("/home/").content.decode()


def test_an_unknown_choice_is_explained_and_the_note_kept(
    theo_link: CareLink, theo_client: Client
) -> None:
    response = assign(theo_client, theo_link, "practice:not-a-practice", note="Keep me")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please choose one from the list" in body
    assert "Keep me" in body
    assert not Homework.objects.exists()


def test_practice_homework_is_done_when_they_complete_it_after_it_was_given(
    theo_link: CareLink, theo_client: Client, alice: Any
) -> None:
    couple = theo_link.couple
    data.conversation(couple, alice, completed_at=timezone.now() - dt.timedelta(days=2))
    homework = Homework.objects.create(
        link=theo_link,
        kind="practice",
        target="repair-after-rupture",
        title="Repair",
        assigned_at=timezone.now() - dt.timedelta(days=1),
    )
    theo_client.get("/therapist/couples/")
    homework.refresh_from_db()
    assert homework.completed_at is None  # the earlier conversation does not count
    data.conversation(couple, alice, status="active")
    theo_client.get("/therapist/couples/")
    homework.refresh_from_db()
    assert homework.completed_at is None  # started is not done
    finished = data.conversation(couple, alice)
    body = theo_client.get("/therapist/couples/").content.decode()
    homework.refresh_from_db()
    assert homework.completed_at == finished.completed_at
    assert "Homework due / done</dt><dd>0 / 1</dd>" in body


def test_check_in_homework_needs_both_partners(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any
) -> None:
    homework = Homework.objects.create(
        link=theo_link, kind="ritual", target="checkin", title="Check in"
    )
    data.checkin(alice)
    theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/")
    homework.refresh_from_db()
    assert homework.completed_at is None
    data.checkin(bob)
    page = theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/").content.decode()
    homework.refresh_from_db()
    assert homework.completed_at is not None
    assert "Done" in page


def test_appreciation_homework_is_done_by_one_new_appreciation(
    theo_link: CareLink, alice_client: Client, bob: Any
) -> None:
    homework = Homework.objects.create(
        link=theo_link, kind="ritual", target="appreciation", title="Write an appreciation"
    )
    data.appreciation(bob, "thank you")
    body = alice_client.get("/home/").content.decode()
    homework.refresh_from_db()
    assert homework.completed_at is not None
    assert "Done" in body


def test_cards_homework_is_marked_done_by_the_couple(
    theo_link: CareLink, alice_client: Client, carol_client: Client
) -> None:
    homework = Homework.objects.create(link=theo_link, kind="cards", target="x", title="Cards")
    assert carol_client.post(f"/therapist/homework/{homework.public_id}/done/").status_code == 404
    response = alice_client.post(f"/therapist/homework/{homework.public_id}/done/")
    assert response.status_code == 302
    homework.refresh_from_db()
    assert homework.completed_at is not None


def test_therapist_notes_are_private_and_encrypted_at_rest(
    theo_link: CareLink, theo_client: Client
) -> None:
    from django.db import connection

    url = f"/therapist/couples/{theo_link.couple.public_id}/notes/"
    response = theo_client.post(url, {"text": "Quiet today"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Quiet today" in response.content
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM therapists_therapistnote")
        (stored,) = cursor.fetchone()
    assert "Quiet today" not in stored


def test_an_empty_note_is_explained(theo_link: CareLink, theo_client: Client) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/notes/"
    response = theo_client.post(url, {"text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Write something first" in response.content


def test_practice_homework_opens_the_assigned_practice(
    theo_link: CareLink, alice_client: Client
) -> None:
    data.practice_version()
    Homework.objects.create(
        link=theo_link, kind="practice", target="repair-after-rupture", title="Repair"
    )
    body = alice_client.get("/home/").content.decode()
    assert 'href="/practices/start/repair-after-rupture/"' in body
    assert alice_client.get("/practices/start/repair-after-rupture/").status_code == 200
