"""Each person's language: chosen at sign-up (the browser's preselected) and in settings,
remembered on the account, used on every next page and in that person's emails and pushes."""

from __future__ import annotations

import json
import re

from django.test import Client

from couplesafe.accounts.models import User
from couplesafe.lib import emails, pushes
from tests.conftest import client_for
from tests.outbox.helpers import deliver_outbox

NEW = {
    "display_name": "Noor",
    "time_zone": "Europe/Madrid",
    "password": "a quiet morning walk",
    "email": "noor@example.com",
}


def _html_lang(content: bytes | str) -> str:
    text = content.decode() if isinstance(content, bytes) else content
    return re.search(r'<html lang="([a-z-]+)"', text).group(1)


def _html_part(message) -> str:  # type: ignore[no-untyped-def]
    return next(str(alt[0]) for alt in message.alternatives if alt[1] == "text/html")


def test_the_sign_up_form_preselects_the_browsers_language(db) -> None:
    page = Client(headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"}).get("/accounts/signup/")
    assert _html_lang(page.content) == "de"
    assert re.search(r'<option value="de"[^>]*selected', page.content.decode())


def test_a_language_chosen_at_sign_up_is_kept_and_used_for_the_confirmation_email(
    db, mailoutbox
) -> None:
    client = Client(headers={"accept-language": "en"})
    client.post("/accounts/signup/", {**NEW, "language": "es"})
    assert User.objects.get(email="noor@example.com").language == "es"
    # The next page is in Spanish though the browser asks for English (the cookie remembers).
    assert _html_lang(client.get("/accounts/signup/sent/").content) == "es"
    deliver_outbox()
    assert _html_lang(_html_part(mailoutbox[0])) == "es"


def test_a_therapist_chooses_their_language_at_sign_up_too(db) -> None:
    Client().post(
        "/therapist/signup/",
        {**NEW, "practice_name": "Calm Rooms", "language": "de"},
    )
    assert User.objects.get(email="noor@example.com").language == "de"


def test_a_language_chosen_in_settings_is_used_on_the_next_request_and_in_emails(
    alice, mailoutbox, tiny_catalog
) -> None:
    client = client_for(alice)
    saved = client.post(
        "/accounts/profile/",
        {"display_name": "Alice", "time_zone": "Europe/Berlin", "language": "de"},
        follow=True,
    )
    assert "TEST-DE gespeichert" in saved.content.decode()
    alice.refresh_from_db()
    assert alice.language == "de"
    # Any later page, from a browser that asks for English: German, from the account.
    other_browser = client_for(alice)
    home = other_browser.get("/home/", headers={"accept-language": "en"})
    assert _html_lang(home.content) == "de"
    assert home["Content-Language"] == "de"
    emails.send_password_reset(user=alice, reset_url="http://testserver/reset/")
    deliver_outbox()
    assert _html_lang(_html_part(mailoutbox[-1])) == "de"


def test_a_signed_in_persons_language_wins_over_the_browsers(alice, bob) -> None:
    User.objects.filter(pk=alice.pk).update(language="es")
    page = client_for(alice).get("/home/", headers={"accept-language": "de"})
    assert _html_lang(page.content) == "es"
    assert _html_lang(client_for(bob).get("/home/").content) == "en"


def test_a_language_not_on_the_list_is_refused_kindly_and_keeps_what_was_typed(
    alice, alice_client
) -> None:
    page = alice_client.post(
        "/accounts/profile/",
        {"display_name": "Alicia", "time_zone": "Europe/Berlin", "language": "fr"},
    )
    assert page.status_code == 200
    assert 'value="Alicia"' in page.content.decode()
    alice.refresh_from_db()
    assert alice.language == "en"


def test_a_push_is_written_in_the_recipients_language(alice, bob, tiny_catalog) -> None:
    User.objects.filter(pk=bob.pk).update(language="es")
    bob.refresh_from_db()
    # The discreet wording is the simplest msgid pair to check without final wording.
    english = json.loads(pushes.payload("card-drawn", recipient=alice, partner_name="Bob"))
    spanish = json.loads(pushes.payload("card-drawn", recipient=bob, partner_name="Alice"))
    assert english["title"] == "Bob drew a card"
    assert spanish["title"] != "" and spanish["url"] == english["url"]
