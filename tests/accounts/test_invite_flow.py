"""The invite flow through the browser's eyes: links, codes, sign-up on the way, decline, cancel.

Service-level rules (expiry, self, already paired, the race) are in test_pairing.py.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from couplesafe.accounts import services
from couplesafe.accounts.models import Invite
from couplesafe.accounts.views import PENDING_INVITE_SESSION_KEY
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.outbox.helpers import deliver_outbox


def emailed_link(solo, mailoutbox, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(solo).post("/accounts/invite/", {"email": "riley@example.com"})
    deliver_outbox()
    match = re.search(r"http://testserver(/accounts/invite/accept/\S+/)", mailoutbox[-1].body)
    assert match
    return match.group(1)


@pytest.fixture
def link(solo, mailoutbox, django_capture_on_commit_callbacks) -> str:
    return emailed_link(solo, mailoutbox, django_capture_on_commit_callbacks)


def test_someone_logged_out_signs_up_through_the_link_and_is_brought_back_to_accept(
    solo, link, mailoutbox
) -> None:
    client = Client()
    welcome = client.get(link)
    assert welcome.status_code == 200
    assert "Sam invited you" in welcome.content.decode()
    assert client.session[PENDING_INVITE_SESSION_KEY]

    signup_page = client.get("/accounts/signup/").content.decode()
    assert "Sam invited you. After creating your account" in signup_page
    assert 'value="riley@example.com"' in signup_page  # the address the invite went to
    signed_up = client.post(
        "/accounts/signup/",
        {
            "display_name": "Riley",
            "email": "riley@example.com",
            "time_zone": "Europe/Dublin",
            "password": "a quiet morning walk",
        },
    )
    # Sign-up confirms the address first; the emailed link brings them back to the invite.
    assert signed_up["Location"] == "/accounts/signup/sent/"
    deliver_outbox()
    confirm = re.search(r"http://testserver(/accounts/confirm/\S+/)", mailoutbox[-1].body)
    assert confirm
    assert client.post(confirm.group(1))["Location"] == link
    assert "Pair with Sam?" in client.get(link).content.decode()

    accepted = client.post(link, {"action": "accept"}, follow=True)
    assert "You and Sam are now paired. Welcome." in accepted.content.decode()
    assert PENDING_INVITE_SESSION_KEY not in client.session
    solo.forget_couple_cache()
    assert solo.active_couple is not None
    assert solo.active_couple.partner_of(solo).email == "riley@example.com"


def test_someone_with_an_account_logs_in_through_the_link_and_is_brought_back(solo, link) -> None:
    riley = UserFactory(display_name="Riley", email="riley@example.com")
    client = Client()
    client.get(link)
    assert "Sam invited you. After logging in" in client.get("/accounts/login/").content.decode()
    logged_in = client.post(
        "/accounts/login/", {"username": "riley@example.com", "password": PASSWORD}
    )
    assert logged_in["Location"] == link
    client.post(link, {"action": "accept"})
    riley.forget_couple_cache()
    assert riley.active_couple is not None


def test_a_pending_link_that_was_cancelled_meanwhile_explains_itself_after_login(
    solo, link
) -> None:
    UserFactory(email="riley@example.com")
    client = Client()
    client.get(link)
    services.invite_cancel(invite=Invite.objects.get(inviter=solo), user=solo)
    client.post("/accounts/login/", {"username": "riley@example.com", "password": PASSWORD})
    page = client.get(link)
    assert "This invitation was cancelled. Ask your partner for a new one." in (
        page.content.decode()
    )
    assert PENDING_INVITE_SESSION_KEY not in client.session


def test_declining_leaves_both_unpaired_and_the_link_stops_working(solo, link) -> None:
    riley = UserFactory(display_name="Riley")
    client = client_for(riley)
    declined = client.post(link, {"action": "decline"}, follow=True)
    assert "You declined the invitation. Nothing was shared." in declined.content.decode()
    assert Invite.objects.get(inviter=solo).status == Invite.Status.DECLINED
    solo.forget_couple_cache()
    assert solo.active_couple is None
    again = client.post(link, {"action": "accept"})
    assert again.status_code == 409
    assert "This invitation was declined" in again.content.decode()


def test_a_cancelled_invitations_link_and_code_both_stop_working(solo, link) -> None:
    invite = Invite.objects.get(inviter=solo)
    inviter = client_for(solo)
    cancelled = inviter.post(f"/accounts/invite/{invite.public_id}/cancel/", follow=True)
    assert "Its link and code no longer work" in cancelled.content.decode()
    riley = client_for(UserFactory())
    assert "was cancelled" in riley.get(link).content.decode()
    by_code = riley.post("/accounts/invite/code/", {"code": invite.code, "action": "accept"})
    assert by_code.status_code == 409
    assert "was cancelled" in by_code.content.decode()


def test_an_expired_link_says_so(solo, link) -> None:
    Invite.objects.filter(inviter=solo).update(expires_at=timezone.now())
    page = client_for(UserFactory()).get(link)
    assert page.status_code == 200
    assert "This invitation has expired" in page.content.decode()
    assert "Accept and pair up" not in page.content.decode()


def test_opening_your_own_link_says_to_share_it(solo, link) -> None:
    page = client_for(solo).get(link).content.decode()
    assert "This is your own invitation" in page


def test_someone_already_paired_cannot_accept(alice, link) -> None:
    page = client_for(alice).post(link, {"action": "accept"})
    assert page.status_code == 409
    assert "You are already paired with a partner" in page.content.decode()


def test_a_therapist_cannot_accept(theo, link) -> None:
    page = client_for(theo).get(link).content.decode()
    assert "Therapist accounts cannot pair as a couple" in page


def test_a_made_up_link_is_not_found(db) -> None:
    assert Client().get("/accounts/invite/accept/made-up-token/").status_code == 404


def test_invite_form_explains_a_bad_email_and_keeps_it(solo) -> None:
    page = client_for(solo).post("/accounts/invite/", {"email": "riley@example"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "That does not look like a whole email address" in body
    assert 'value="riley@example"' in body
    assert not Invite.objects.filter(inviter=solo).exists()


def test_invite_form_refuses_your_own_email_and_keeps_it(solo) -> None:
    page = client_for(solo).post("/accounts/invite/", {"email": "SAM@example.com"})
    body = page.content.decode()
    assert "That is your own email address" in body
    assert 'value="SAM@example.com"' in body


def test_invite_page_shows_the_daily_limit_kindly(solo, settings) -> None:
    settings.INVITES_PER_DAY = 1
    client = client_for(solo)
    client.post("/accounts/invite/", {"email": ""})
    Invite.objects.filter(inviter=solo).update(status=Invite.Status.CANCELLED)
    page = client.post("/accounts/invite/", {"email": "riley@example.com"})
    body = page.content.decode()
    assert "which is the daily limit" in body
    assert 'value="riley@example.com"' in body


def test_a_new_invitation_replaces_the_open_one(solo) -> None:
    client = client_for(solo)
    client.post("/accounts/invite/", {"email": ""})
    first = Invite.objects.get(inviter=solo)
    client.post(f"/accounts/invite/{first.public_id}/cancel/")
    client.post("/accounts/invite/", {"email": ""})
    statuses = sorted(Invite.objects.filter(inviter=solo).values_list("status", flat=True))
    assert statuses == ["cancelled", "pending"]


def test_invite_page_shows_the_code_and_the_link_once(solo) -> None:
    client = client_for(solo)
    client.post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    body = client.get("/accounts/invite/").content.decode()
    assert invite.pretty_code in body
    assert "/accounts/invite/accept/" in body
    home = client.get("/home/").content.decode()
    assert "Your invitation is waiting" in home
    assert invite.pretty_code in home


def test_code_form_explains_an_unknown_code_and_keeps_it(solo) -> None:
    page = client_for(solo).post("/accounts/invite/code/", {"code": "ZZZZ-9999"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "We could not find an invitation with that code" in body
    assert 'value="ZZZZ-9999"' in body


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Please enter the code your partner gave you."),
        ("ABC", "A code has eight letters and numbers"),
    ],
)
def test_code_form_explains_a_malformed_code(solo, code, message) -> None:
    page = client_for(solo).post("/accounts/invite/code/", {"code": code})
    assert message in page.content.decode()


def test_paired_people_are_told_they_are_already_paired_on_the_invite_page(alice_client) -> None:
    body = alice_client.get("/accounts/invite/").content.decode()
    assert "You are already paired." in body
    assert "Create invitation" not in body


def test_only_the_inviter_can_cancel(solo, carol_client) -> None:
    invite, _ = services.invite_create(inviter=solo)
    assert carol_client.post(f"/accounts/invite/{invite.public_id}/cancel/").status_code == 404
    invite.refresh_from_db()
    assert invite.status == Invite.Status.PENDING


def test_after_leaving_both_can_pair_again(alice, bob) -> None:
    client_for(alice).post("/accounts/couple/leave/", {"password": PASSWORD})
    alice.forget_couple_cache()
    _invite, token = services.invite_create(inviter=alice)
    response = client_for(bob).post(f"/accounts/invite/accept/{token}/", {"action": "accept"})
    assert response.status_code == 302
    bob.forget_couple_cache()
    assert bob.active_couple is not None
    assert bob.active_couple.partner_of(bob) == alice
