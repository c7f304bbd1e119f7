from __future__ import annotations

import re
import threading

import pytest
from django.db import connection

from couplesafe.accounts import services
from couplesafe.accounts.models import Couple, Invite, Membership
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.outbox.helpers import deliver_outbox


def test_signup_then_the_confirmation_link_logs_in_and_shows_invite_card(
    client, db, mailoutbox
) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Noor",
            "email": "Noor@Example.com",
            "time_zone": "Asia/Kolkata",
            "password": "a quiet morning walk",
        },
    )
    assert response.status_code == 302
    deliver_outbox()
    confirm = re.search(r"http://testserver(/accounts/confirm/\S+/)", mailoutbox[-1].body)
    assert confirm
    client.post(confirm.group(1))
    home = client.get("/home/")
    assert "Invite your partner" in home.content.decode()
    assert home.context["user"].email == "noor@example.com"


def test_signup_error_keeps_what_was_typed(client, db) -> None:
    UserFactory(email="taken@example.com")
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Noor",
            "email": "taken@example.com",
            "time_zone": "Mars/Base",
            "password": "short",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    # A taken address is never named on the page (sign-up does not reveal accounts).
    assert "already an account" not in body
    assert "choose your time zone from the list" in body
    assert 'value="Noor"' in body


def test_invite_by_code_pairs_two_people(solo, client) -> None:
    inviter_client = client_for(solo)
    inviter_client.post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    partner = UserFactory(display_name="Riley")
    partner_client = client_for(partner)
    page = partner_client.post("/accounts/invite/code/", {"code": invite.pretty_code.lower()})
    assert "Pair with Sam?" in page.content.decode()
    asked = partner_client.post("/accounts/invite/code/", {"code": invite.code, "action": "accept"})
    assert asked.status_code == 302
    # By code, the inviter confirms it is their partner (tests/accounts/test_codes.py).
    done = inviter_client.post(f"/accounts/invite/{invite.public_id}/confirm/", {"answer": "yes"})
    assert done.status_code == 302
    solo.forget_couple_cache()
    assert solo.active_couple is not None
    assert solo.active_couple.partner_of(solo) == partner


def test_invite_email_has_single_use_link_and_no_private_text(
    solo, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(solo).post("/accounts/invite/", {"email": "riley@example.com"})
    deliver_outbox()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    link = next(line for line in message.body.splitlines() if "/accounts/invite/accept/" in line)
    partner = UserFactory(email="riley@example.com")
    partner_client = client_for(partner)
    path = link.strip().removeprefix("http://testserver")
    assert partner_client.post(path, {"action": "accept"}).status_code == 302
    again = client_for(UserFactory()).post(path, {"action": "accept"})
    assert again.status_code == 409
    assert "already been used" in again.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("expired", "has expired"),
        ("cancelled", "was cancelled"),
        ("self", "your own invitation"),
        ("paired", "already paired"),
    ],
)
def test_unusable_invites_get_a_clear_message(solo, alice, change, message) -> None:
    from django.utils import timezone

    invite, _ = services.invite_create(inviter=solo)
    user = UserFactory()
    if change == "expired":
        Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now())
    elif change == "cancelled":
        services.invite_cancel(invite=invite, user=solo)
    elif change == "self":
        user = solo
    elif change == "paired":
        user = alice
    invite.refresh_from_db()
    assert message in (services.invite_problem(invite, user) or "")


def test_invite_to_own_email_is_refused(solo) -> None:
    with pytest.raises(services.PairingError, match="your own email"):
        services.invite_create(inviter=solo, email=solo.email.upper())


def test_invites_are_rate_limited_per_day(solo, settings) -> None:
    settings.INVITES_PER_DAY = 2
    services.invite_create(inviter=solo)
    services.invite_create(inviter=solo)
    with pytest.raises(services.PairingError, match="daily limit"):
        services.invite_create(inviter=solo)


def test_inviter_can_cancel(solo) -> None:
    client = client_for(solo)
    client.post("/accounts/invite/", {"email": ""})
    invite = Invite.objects.get(inviter=solo)
    client.post(f"/accounts/invite/{invite.public_id}/cancel/")
    invite.refresh_from_db()
    assert invite.status == Invite.Status.CANCELLED


def test_leaving_ends_the_couple_for_both(alice, bob) -> None:
    response = client_for(alice).post(
        "/accounts/couple/leave/", {"password": "a calm river at dawn"}
    )
    assert response.status_code == 302
    alice.forget_couple_cache()
    bob.forget_couple_cache()
    assert alice.active_couple is None
    assert bob.active_couple is None


def test_leaving_needs_the_right_password(alice) -> None:
    page = client_for(alice).post("/accounts/couple/leave/", {"password": "wrong"})
    assert "That password is not right" in page.content.decode()
    alice.forget_couple_cache()
    assert alice.active_couple is not None


def test_leave_page_says_what_happens_to_words(alice) -> None:
    body = client_for(alice).get("/accounts/couple/leave/").content.decode()
    assert "Your own words leave with you" in body
    assert "removed" in body
    assert "Bob keeps their own words" in body


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_one_invite_at_once_make_one_couple() -> None:
    inviter = UserFactory()
    first, second = UserFactory(), UserFactory()
    invite, _ = services.invite_create(inviter=inviter)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(user) -> None:
        barrier.wait()
        try:
            services.invite_accept(invite=invite, user=user)
            outcomes.append("paired")
        except services.PairingError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This invitation has already been used.", "paired"]
    assert Couple.objects.count() == 1
    assert Membership.objects.filter(ended_at__isnull=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_one_person_accepting_two_invitations_at_once_joins_only_one_couple() -> None:
    first_inviter, second_inviter, invitee = UserFactory(), UserFactory(), UserFactory()
    invites = [
        services.invite_create(inviter=first_inviter)[0],
        services.invite_create(inviter=second_inviter)[0],
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(invite) -> None:
        barrier.wait()
        try:
            services.invite_accept(invite=invite, user=invitee)
            outcomes.append("paired")
        except services.PairingError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in invites]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("paired") == 1
    refusal = next(o for o in outcomes if o != "paired")
    assert "paired" in refusal  # "already paired" or "paired a moment ago": kind either way
    assert Couple.objects.count() == 1
    assert Membership.objects.filter(user=invitee, ended_at__isnull=True).count() == 1
    assert Invite.objects.filter(status=Invite.Status.ACCEPTED).count() == 1


def test_plain_text_email_keeps_an_apostrophe_in_a_name_while_html_escapes_it(
    db, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    inviter = UserFactory(display_name="Siobhán O'Brien")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(inviter).post("/accounts/invite/", {"email": "riley@example.com"})
    deliver_outbox()
    message = mailoutbox[0]
    assert message.subject == "Siobhán O'Brien invited you to CoupleSafe"
    assert "Siobhán O'Brien would like" in message.body
    assert "O&#x27;Brien" in message.alternatives[0].content
