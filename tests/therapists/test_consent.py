"""The consent matrix: every therapist URL that reads a couple's data, in every link state."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.therapists import data
from tests.therapists.helpers import make_link, therapist_client
from therapists import services
from therapists.models import CareLink

MARKER_NAME_ALICE = "Alice"


def couple_urls(couple: Any) -> list[tuple[str, str, dict[str, str]]]:
    c = couple.public_id
    return [
        ("GET", f"/therapist/couples/{c}/", {}),
        ("POST", f"/therapist/couples/{c}/notes/", {"text": "a note"}),
        ("POST", f"/therapist/couples/{c}/homework/", {"choice": "ritual:checkin"}),
    ]


def call(client: Client, method: str, url: str, payload: dict[str, str]) -> Any:
    if method == "GET":
        return client.get(url)
    return client.post(url, payload)


def planted(alice: Any, bob: Any) -> list[str]:
    convo = data.conversation(alice.active_couple, alice)
    data.turn(convo, alice, "MARKER-TURN-7f3a")
    data.checkin(alice, space_text="MARKER-CHECKIN-91c2")
    return ["MARKER-TURN-7f3a", "MARKER-CHECKIN-91c2", "Alice", "Bob"]


def assert_no_couple_data(client: Client, couple: Any, markers: list[str]) -> None:
    for method, url, payload in couple_urls(couple):
        response = call(client, method, url, payload)
        assert response.status_code == 404, (method, url, response.status_code)
        for marker in markers:
            assert marker not in response.content.decode(), (url, marker)
    for url in ("/therapist/couples/", "/therapist/export.csv"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, (url, marker)


@pytest.mark.parametrize("state", ["no link", "pending", "revoked", "other therapist"])
def test_therapist_without_an_active_link_gets_404_and_no_data(
    state: str, theo: Any, tara: Any, alice: Any, bob: Any
) -> None:
    markers = planted(alice, bob)
    if state == "pending":
        make_link(theo, alice)
    elif state == "revoked":
        make_link(theo, alice, bob, ended=True)
    elif state == "other therapist":
        make_link(tara, alice, bob)
    assert_no_couple_data(therapist_client(theo), alice.active_couple, markers)


def test_pending_link_with_no_partner_yet_shows_only_the_code(theo: Any, alice: Any) -> None:
    link = make_link(theo)
    body = therapist_client(theo).get("/therapist/couples/").content.decode()
    assert link.pretty_code in body
    assert "Alice" not in body


def test_active_link_shows_the_couple(theo_link: CareLink, theo_client: Client) -> None:
    couple = theo_link.couple
    assert theo_client.get("/therapist/couples/").content.decode().count("Alice &amp; Bob") == 1
    response = theo_client.get(f"/therapist/couples/{couple.public_id}/")
    assert response.status_code == 200
    assert "Alice &amp; Bob" in response.content.decode()


def test_therapist_without_two_factor_is_sent_to_set_it_up_before_any_data(
    theo: Any, theo_link: CareLink
) -> None:
    client = therapist_client(theo, verified=False)
    for method, url, payload in [
        ("GET", "/therapist/couples/", {}),
        ("GET", "/therapist/export.csv", {}),
        *couple_urls(theo_link.couple),
    ]:
        response = call(client, method, url, payload)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/therapist/two-factor/setup/"), url
        assert b"Alice" not in response.content


def test_therapist_with_a_device_but_unverified_session_is_asked_for_a_code(
    theo: Any, theo_link: CareLink
) -> None:
    therapist_client(theo)  # creates a confirmed device
    client = therapist_client(theo, verified=False)
    response = client.get("/therapist/couples/")
    assert response["Location"].startswith("/therapist/two-factor/verify/")


def test_partners_get_404_on_every_therapist_page(
    theo_link: CareLink, alice_client: Client
) -> None:
    for method, url, payload in [
        ("GET", "/therapist/couples/", {}),
        ("GET", "/therapist/export.csv", {}),
        *couple_urls(theo_link.couple),
    ]:
        assert call(alice_client, method, url, payload).status_code == 404, url


def test_revocation_by_one_partner_takes_effect_on_the_very_next_request(
    theo_link: CareLink, theo_client: Client, bob_client: Client
) -> None:
    url = f"/therapist/couples/{theo_link.couple.public_id}/"
    assert theo_client.get(url).status_code == 200
    response = bob_client.post(f"/therapist/care/{theo_link.public_id}/end/")
    assert response.status_code == 302
    assert theo_client.get(url).status_code == 404
    assert "Alice" not in theo_client.get("/therapist/couples/").content.decode()
    # An open dashboard tab filtering with htmx gets nothing further either.
    fragment = theo_client.get("/therapist/couples/?sort=name", HTTP_HX_REQUEST="true")
    assert "Alice" not in fragment.content.decode()
    assert theo_client.get("/therapist/export.csv").content.decode().count("\n") == 1


def test_leaving_the_couple_ends_the_link(
    theo_link: CareLink, theo_client: Client, alice: Any
) -> None:
    from couplesafe.accounts.services import couple_leave

    couple_leave(user=alice)
    theo_link.refresh_from_db()
    assert theo_link.ended_at is not None
    assert theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/").status_code == 404


def test_link_becomes_active_only_when_both_partners_accept(
    theo: Any, alice_client: Client, bob_client: Client
) -> None:
    link = services.link_create(therapist=theo)
    theo_client = therapist_client(theo)
    response = alice_client.get(f"/therapist/join/{link.code}/")
    assert response.status_code == 200
    assert "Accept for myself" in response.content.decode()
    assert alice_client.post(f"/therapist/join/{link.code}/").status_code == 302
    assert not CareLink.objects.active().filter(pk=link.pk).exists()
    assert "Alice" not in theo_client.get("/therapist/couples/").content.decode()
    assert bob_client.post(f"/therapist/join/{link.code}/").status_code == 302
    assert CareLink.objects.active().filter(pk=link.pk).exists()
    assert "Alice &amp; Bob" in theo_client.get("/therapist/couples/").content.decode()


def test_a_code_accepted_by_one_couple_cannot_be_used_by_another(
    theo: Any, alice_client: Client, carol_client: Client
) -> None:
    link = services.link_create(therapist=theo)
    alice_client.post(f"/therapist/join/{link.code}/")
    response = carol_client.post(f"/therapist/join/{link.code}/")
    assert response.status_code == 409
    assert "already in use by another couple" in response.content.decode()
    assert link.consents.count() == 1


def test_accepting_twice_is_a_kind_conflict(theo: Any, alice_client: Client) -> None:
    link = services.link_create(therapist=theo)
    alice_client.post(f"/therapist/join/{link.code}/")
    response = alice_client.post(f"/therapist/join/{link.code}/")
    assert response.status_code == 409
    assert "already accepted" in response.content.decode()


def test_entering_a_code_finds_the_invitation(theo: Any, alice_client: Client) -> None:
    link = services.link_create(therapist=theo)
    response = alice_client.post("/therapist/care/code/", {"code": link.pretty_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/therapist/join/{link.code}/"


def test_an_unknown_code_is_explained_and_kept(alice_client: Client) -> None:
    response = alice_client.post("/therapist/care/code/", {"code": "ZZZZZ-22222"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "could not find that code" in body
    assert 'value="ZZZZZ-22222"' in body


def test_a_stranger_cannot_end_or_view_someone_elses_link(
    theo_link: CareLink, carol_client: Client
) -> None:
    assert carol_client.post(f"/therapist/care/{theo_link.public_id}/end/").status_code == 404
    assert carol_client.get(f"/therapist/care/{theo_link.public_id}/view/").status_code == 404
    theo_link.refresh_from_db()
    assert theo_link.ended_at is None


def test_therapist_can_withdraw_a_waiting_invitation(theo: Any, theo_client: Client) -> None:
    link = services.link_create(therapist=theo)
    assert theo_client.post(f"/therapist/links/{link.public_id}/cancel/").status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None


def test_wrong_method_on_therapist_pages_is_405(theo_link: CareLink, theo_client: Client) -> None:
    assert theo_client.post("/therapist/couples/").status_code == 405
    assert (
        theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/notes/").status_code
        == 405
    )
    assert theo_client.get("/therapist/links/new/").status_code == 405


def test_an_unverified_htmx_request_sends_the_whole_page_to_two_factor_setup(
    theo: Any, theo_link: CareLink
) -> None:
    client = therapist_client(theo, verified=False)
    response = client.get("/therapist/couples/?sort=name", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert (
        response["HX-Redirect"]
        == "/therapist/two-factor/setup/?next=%2Ftherapist%2Fcouples%2F%3Fsort%3Dname"
    )
    assert b"Alice" not in response.content


def test_the_second_acceptance_says_the_link_is_now_active(
    theo: Any, alice_client: Client, bob_client: Client
) -> None:
    link = services.link_create(therapist=theo)
    first = alice_client.post(f"/therapist/join/{link.code}/", follow=True).content.decode()
    assert "It becomes active once your partner accepts too." in first
    second = bob_client.post(f"/therapist/join/{link.code}/", follow=True).content.decode()
    assert "the link is now active" in second
    assert "once your partner accepts too" not in second
