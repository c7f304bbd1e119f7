"""Logging in and out, throttling, password reset and change, and the profile."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from couplesafe.accounts.models import User
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.outbox.helpers import deliver_outbox

HOME_IP = "203.0.113.7"


def log_in(client: Client, email: str, password: str, ip: str = HOME_IP):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_with_the_right_password_goes_home(alice) -> None:
    response = log_in(Client(), "ALICE@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_login_with_a_wrong_password_keeps_the_email_and_says_kindly_what_went_wrong(
    alice,
) -> None:
    response = log_in(Client(), "alice@example.com", "not it")
    body = response.content.decode()
    assert response.status_code == 200
    assert "That email and password do not match an account" in body
    assert 'value="alice@example.com"' in body


def test_login_without_an_email_asks_for_one(db) -> None:
    body = log_in(Client(), "", "").content.decode()
    assert "Please enter the email you signed up with." in body
    assert "Please enter your password." in body


def test_logout_ends_the_session_and_says_goodbye(alice_client) -> None:
    response = alice_client.post("/accounts/logout/", follow=True)
    assert "You are logged out. Take care." in response.content.decode()
    assert alice_client.get("/home/").status_code == 302


def test_logout_by_get_is_not_allowed(alice_client) -> None:
    assert alice_client.get("/accounts/logout/").status_code == 405


def test_repeated_wrong_passwords_lock_that_person_out_with_a_kind_page(alice, settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice@example.com", "wrong guess")
    response = log_in(client, "alice@example.com", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Let's pause for a moment" in body
    assert "15 minutes" in body
    assert "<html" in body  # our own page with the site around it, not a bare error


def test_one_partners_failures_on_the_home_ip_never_lock_out_the_other(
    alice, bob, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        log_in(Client(), "alice@example.com", "wrong guess")
    assert log_in(Client(), "alice@example.com", PASSWORD).status_code == 429
    response = log_in(Client(), "bob@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_changing_the_case_of_the_email_does_not_buy_more_tries(alice, settings) -> None:
    variants = ["alice@example.com", "ALICE@example.com", " Alice@Example.COM "]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), variants[attempt % len(variants)], "wrong guess")
    assert log_in(Client(), "alice@example.com", PASSWORD).status_code == 429


def test_a_lockout_lifts_after_the_cool_off(alice, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "alice@example.com", "wrong guess")
    assert log_in(Client(), "alice@example.com", PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        assert log_in(Client(), "alice@example.com", PASSWORD).status_code == 302


def _reset_link(mailoutbox) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(1)


def test_password_reset_link_works_once(alice, mailoutbox) -> None:
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    deliver_outbox()
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Choose a new CoupleSafe password"
    link = _reset_link(mailoutbox)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "a new calm lake at dusk"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/password/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password(new)

    again = Client().get(link, follow=True)
    assert "This link has already been used or has expired" in again.content.decode()


def test_password_reset_link_expires(alice, mailoutbox, settings) -> None:
    Client().post("/accounts/password/reset/", {"email": "alice@example.com"})
    deliver_outbox()
    link = _reset_link(mailoutbox)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        page = Client().get(link, follow=True)
    assert "This link has already been used or has expired" in page.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(
    db, mailoutbox
) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    deliver_outbox()
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mailoutbox == []


def test_password_reset_email_carries_no_private_words(alice, mailoutbox) -> None:
    Client().post("/accounts/password/reset/", {"email": "alice@example.com"})
    deliver_outbox()
    message = mailoutbox[0]
    html = message.alternatives[0].content
    assert "Hello Alice" in message.body
    assert "http://testserver" in html  # the footer knows the site address


def test_password_reset_with_mismatched_passwords_keeps_the_form(alice, mailoutbox) -> None:
    client = Client()
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    deliver_outbox()
    form_page = client.get(_reset_link(mailoutbox), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    page = client.post(
        set_url, {"new_password1": "a new calm lake", "new_password2": "a new calm sea"}
    )
    assert page.status_code == 200
    assert "The two new passwords are not the same" in page.content.decode()


def test_change_password_needs_the_old_one(alice_client) -> None:
    page = alice_client.post(
        "/accounts/password/",
        {
            "old_password": "not my password",
            "new_password1": "another calm river",
            "new_password2": "another calm river",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "That is not your current password. Please try again." in body
    assert "Your current password" in body


def test_change_password_keeps_the_person_logged_in(alice, alice_client) -> None:
    response = alice_client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another calm river",
            "new_password2": "another calm river",
        },
        follow=True,
    )
    assert "Your password is changed." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("another calm river")
    assert alice_client.get("/home/").status_code == 200


def test_profile_shows_the_email_name_and_time_zone(alice_client) -> None:
    body = alice_client.get("/accounts/profile/").content.decode()
    assert "alice@example.com" in body
    assert 'value="Alice"' in body
    assert '<option value="Europe/Berlin" selected>' in body
    assert "You are paired with Bob" in body


def test_profile_never_guesses_over_a_chosen_time_zone(alice_client) -> None:
    body = alice_client.get("/accounts/profile/").content.decode()
    assert "data-guess-time-zone" not in body


def test_profile_saves_a_new_name_and_time_zone(alice, alice_client) -> None:
    response = alice_client.post(
        "/accounts/profile/", {"display_name": "Ali", "time_zone": "America/Toronto"}, follow=True
    )
    assert "Your profile is saved." in response.content.decode()
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Ali", "America/Toronto")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "US/Pacific", "Etc/GMT+3"])
def test_profile_refuses_a_time_zone_not_on_the_list_and_keeps_the_name(
    alice, alice_client, zone
) -> None:
    page = alice_client.post("/accounts/profile/", {"display_name": "Ali", "time_zone": zone})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Please choose your time zone from the list" in body
    assert 'value="Ali"' in body
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"


def test_profile_needs_a_name(alice_client) -> None:
    page = alice_client.post("/accounts/profile/", {"display_name": "  ", "time_zone": "UTC"})
    assert "Please tell us what to call you." in page.content.decode()


def test_signup_offers_every_time_zone_and_marks_it_for_guessing(client, db) -> None:
    body = client.get("/accounts/signup/").content.decode()
    assert "data-guess-time-zone" in body
    assert '<option value="Asia/Kolkata">Asia/Kolkata</option>' in body
    assert '<option value="America/Argentina/Buenos_Aires">' in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Please enter a whole email address"),
        ("email", "", "Please enter your email address. It is how you log in."),
        ("password", "", "Please choose a password."),
        ("time_zone", "", "Please choose your time zone from the list."),
        ("password", "short", "This password is too short"),
        ("password", "12345678901", "This password is entirely numeric"),
        ("display_name", "   ", "Please tell us what to call you."),
    ],
)
def test_signup_explains_each_problem_and_keeps_the_rest(client, db, field, value, message) -> None:
    data = {
        "display_name": "Noor",
        "email": "noor@example.com",
        "time_zone": "Asia/Kolkata",
        "password": "a quiet morning walk",
        field: value,
    }
    page = client.post("/accounts/signup/", data)
    body = page.content.decode()
    assert page.status_code == 200
    assert message in body
    if field != "email":
        assert 'value="noor@example.com"' in body
    if field != "time_zone":
        assert '<option value="Asia/Kolkata" selected>' in body
    assert 'aria-invalid="true"' in body


def test_signup_email_is_unique_whatever_its_case(client, db, mailoutbox) -> None:
    UserFactory(email="noor@example.com")
    page = client.post(
        "/accounts/signup/",
        {
            "display_name": "Noor",
            "email": "NOOR@example.com",
            "time_zone": "UTC",
            "password": "a quiet morning walk",
        },
    )
    # No second account, and only the owner learns (by email) that it exists.
    assert page["Location"] == "/accounts/signup/sent/"
    assert User.objects.filter(email__iexact="noor@example.com").count() == 1
    deliver_outbox()
    assert mailoutbox[-1].subject == "You already have a CoupleSafe account"


def test_logged_in_people_skip_signup_and_login(alice_client) -> None:
    assert alice_client.get("/accounts/signup/")["Location"] == "/home/"
    assert alice_client.get("/accounts/login/")["Location"] == "/home/"


def test_settings_page_links_to_leaving_only_for_a_couple(alice_client, solo) -> None:
    assert "Leave the couple" in alice_client.get("/accounts/profile/").content.decode()
    assert "Leave the couple" not in client_for(solo).get("/accounts/profile/").content.decode()
