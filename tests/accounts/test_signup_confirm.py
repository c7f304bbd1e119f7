"""Sign-up does not reveal who has an account, and confirms the address by an emailed link
before reminders and email invitations go to or from it."""

from __future__ import annotations

import re

from django.test import Client

from couplesafe.accounts.models import User
from couplesafe.lib import emails
from couplesafe.outbox.models import OutgoingMessage
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.outbox.helpers import deliver_outbox

NEW = {
    "display_name": "Noor",
    "time_zone": "Asia/Kolkata",
    "password": "a quiet morning walk",
}


def _confirm_link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"http://testserver(/accounts/confirm/[^/\s]+/)", message.body).group(1)


def test_signup_answers_the_same_for_a_new_and_a_taken_address(db, mailoutbox) -> None:
    UserFactory(email="taken@example.com")
    new = Client().post("/accounts/signup/", {**NEW, "email": "noor@example.com"}, follow=True)
    taken = Client().post("/accounts/signup/", {**NEW, "email": "Taken@Example.com"}, follow=True)
    assert new.status_code == taken.status_code == 200
    assert new.redirect_chain == [("/accounts/signup/sent/", 302)]
    assert taken.redirect_chain == new.redirect_chain
    new_body = new.content.decode().replace("noor@example.com", "EMAIL")
    taken_body = taken.content.decode().replace("taken@example.com", "EMAIL")
    # The same page, but for the per-response CSRF token and CSP nonce.
    strip = re.compile(r'value="[^"]+"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"')
    assert strip.sub("", new_body) == strip.sub("", taken_body)
    # Neither is logged in; the owner of the taken address is told by email.
    assert "_auth_user_id" not in Client().session
    deliver_outbox()
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["taken@example.com"] == "You already have a CoupleSafe account"
    assert subjects["noor@example.com"] == "Please confirm your email for CoupleSafe"
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_the_emailed_link_confirms_the_address_and_logs_in(db, mailoutbox) -> None:
    client = Client()
    client.post("/accounts/signup/", {**NEW, "email": "Noor@Example.com"})
    deliver_outbox()
    link = _confirm_link(mailoutbox[0])
    assert client.get(link).status_code == 200  # a button: mail scanners only GET
    assert User.objects.get(email="noor@example.com").email_verified_at is None
    done = client.post(link)
    assert done.status_code == 302
    assert User.objects.get(email="noor@example.com").email_verified
    assert "Invite your partner" in client.get("/home/").content.decode()
    # Used: the link no longer logs anyone in.
    again = Client().post(link)
    assert again["Location"] == "/accounts/login/"


def test_an_unconfirmed_person_can_log_in_but_gets_no_reminders_or_email_invites(
    db, mailoutbox
) -> None:
    Client().post("/accounts/signup/", {**NEW, "email": "noor@example.com"})
    noor = User.objects.get(email="noor@example.com")
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": "noor@example.com", "password": NEW["password"]}
        ).status_code
        == 302
    )
    assert "Please confirm your email address" in client.get("/home/").content.decode()
    page = client.post("/accounts/invite/", {"email": "riley@example.com"})
    assert "Please confirm your own email address first" in page.content.decode()
    deliver_outbox()
    mailoutbox.clear()
    try:
        emails.send_reminder_checkin(
            recipient=noor, link_url="x", unsubscribe_url="y", key="reminder-noor"
        )
    except emails.UnconfirmedAddress:
        pass
    else:
        raise AssertionError("a reminder went to an unconfirmed address")
    assert not OutgoingMessage.objects.filter(user=noor, kind="reminder-checkin").exists()
    deliver_outbox()
    assert mailoutbox == []
    # A code invite works without email.
    assert client.post("/accounts/invite/", {"email": ""}).status_code == 302


def test_the_link_can_be_sent_again_from_home(db, mailoutbox) -> None:
    Client().post("/accounts/signup/", {**NEW, "email": "noor@example.com"})
    client = client_for(User.objects.get(email="noor@example.com"))
    client.post("/accounts/confirm/resend/")
    deliver_outbox()
    assert len(mailoutbox) == 2
    assert _confirm_link(mailoutbox[1])


def test_a_bad_confirmation_link_is_a_404(db) -> None:
    assert Client().get("/accounts/confirm/not-a-token/").status_code == 404


def test_demo_accounts_are_ready_to_log_in(db) -> None:
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    alex = User.objects.get(email="alex@demo.couplesafe.test")
    assert alex.email_verified
