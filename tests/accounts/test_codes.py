"""Invite and therapist codes: stored only as keyed hashes, never in the session, looked up
under throttles, and a guessed invite code never pairs a stranger without the inviter."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from couplesafe.accounts import codes
from couplesafe.accounts.models import Invite
from couplesafe.accounts.views import PENDING_INVITE_SESSION_KEY
from tests.conftest import client_for
from tests.factories import UserFactory
from therapists import services as therapist_services


def _all_text_in_table(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_invite_code_and_link_token_are_stored_only_as_hashes(solo) -> None:
    client = client_for(solo)
    client.post("/accounts/invite/", {"email": "riley@example.com"})
    invite = Invite.objects.get(inviter=solo)
    stored = _all_text_in_table("accounts_invite")
    assert invite.code not in stored
    assert invite.token not in stored
    assert invite.code_hash == codes.lookup_hash(invite.code)
    # The inviter still sees their code and link (derived, not stored).
    page = client.get("/accounts/invite/").content.decode()
    assert invite.pretty_code in page
    assert f"/accounts/invite/accept/{invite.token}/" in page


def test_therapist_link_code_is_stored_only_as_a_hash(theo) -> None:
    link = therapist_services.link_create(therapist=theo)
    assert link.code not in _all_text_in_table("therapists_carelink")
    assert therapist_services.link_find(code=link.pretty_code.lower()) == link


def test_no_invite_token_or_code_sits_in_the_session_table(solo, db) -> None:
    inviter = client_for(solo)
    inviter.post("/accounts/invite/", {"email": "riley@example.com"})
    invite = Invite.objects.get(inviter=solo)
    visitor = Client()
    visitor.get(f"/accounts/invite/accept/{invite.token}/")
    assert visitor.session[PENDING_INVITE_SESSION_KEY] == str(invite.public_id)
    sessions = _all_text_in_table("django_session")
    from django.contrib.sessions.models import Session

    decoded = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    for secret in (invite.token, invite.code):
        assert secret not in sessions
        assert secret not in decoded


def test_a_code_entered_by_someone_waits_for_the_inviter_to_confirm(solo) -> None:
    inviter = client_for(solo)
    inviter.post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    stranger = UserFactory(display_name="Mallory", email="mallory@example.com")
    asked = client_for(stranger).post(
        "/accounts/invite/code/", {"code": invite.code, "action": "accept"}
    )
    assert asked.status_code == 302
    solo.forget_couple_cache()
    assert solo.active_couple is None  # nothing is shared yet
    home = inviter.get("/home/").content.decode()
    assert "Is this your partner?" in home
    assert "mallory@example.com" in home
    refused = inviter.post(f"/accounts/invite/{invite.public_id}/confirm/", {"answer": "no"})
    assert refused.status_code == 302
    invite.refresh_from_db()
    assert invite.status == Invite.Status.CANCELLED
    solo.forget_couple_cache()
    assert solo.active_couple is None


def test_the_inviter_confirms_their_partner_and_they_are_paired(solo) -> None:
    inviter = client_for(solo)
    inviter.post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    riley = UserFactory(display_name="Riley")
    client_for(riley).post("/accounts/invite/code/", {"code": invite.code, "action": "accept"})
    done = inviter.post(f"/accounts/invite/{invite.public_id}/confirm/", {"answer": "yes"})
    assert done.status_code == 302
    solo.forget_couple_cache()
    assert solo.active_couple is not None
    assert solo.active_couple.partner_of(solo) == riley


def test_someone_else_cannot_confirm_an_invite(solo, alice) -> None:
    client_for(solo).post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    riley = UserFactory(display_name="Riley")
    client_for(riley).post("/accounts/invite/code/", {"code": invite.code, "action": "accept"})
    for other in (riley, alice):
        response = client_for(other).post(
            f"/accounts/invite/{invite.public_id}/confirm/", {"answer": "yes"}
        )
        assert response.status_code == 404


def test_invite_code_lookups_are_throttled_per_person_with_a_kind_message(solo, settings) -> None:
    settings.CODE_TRIES_PER_HOUR = 3
    guesser = client_for(solo)
    for _ in range(3):
        page = guesser.post("/accounts/invite/code/", {"code": "ABCD2345"})
        assert page.status_code == 200
    page = guesser.post("/accounts/invite/code/", {"code": "ABCD2346"})
    assert page.status_code == 429
    assert "paused code checks" in page.content.decode()
    assert 'value="ABCD2346"' in page.content.decode()  # what was typed stays


def test_code_lookups_are_throttled_per_address_across_accounts(db, settings) -> None:
    settings.CODE_TRIES_PER_HOUR = 3
    for _ in range(3):
        client_for(UserFactory()).post("/accounts/invite/code/", {"code": "ABCD2345"})
    page = client_for(UserFactory()).post("/accounts/invite/code/", {"code": "ABCD2345"})
    assert page.status_code == 429


def test_therapist_code_lookups_are_throttled_in_the_form_and_the_address(alice, settings) -> None:
    settings.CODE_TRIES_PER_HOUR = 2
    client = client_for(alice)
    assert client.post("/therapist/care/code/", {"code": "ABCDE23456"}).status_code == 200
    assert client.get("/therapist/join/ABCDE23457/").status_code == 404
    blocked = client.get("/therapist/join/ABCDE23458/")
    assert blocked.status_code == 429
    assert "paused code checks" in blocked.content.decode()
    assert client.post("/therapist/care/code/", {"code": "ABCDE23459"}).status_code == 429
