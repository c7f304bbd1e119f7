"""A signed-out visitor chooses the language on the landing, log-in, sign-up and help pages:
a plain form to Django's set_language (CSRF-checked, no JavaScript), remembered in the
language cookie. A signed-in person's language stays their settings' choice."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from couplesafe.accounts.models import User
from tests.conftest import client_for

PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/help/"]


def _html_lang(page: Any) -> str:
    return re.search(r'<html lang="([a-z-]+)"', page.content.decode()).group(1)


def _switcher(page: Any) -> str:
    found = re.search(r'<form[^>]*class="language-switcher".*?</form>', page.content.decode(), re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("path", PAGES)
def test_every_signed_out_page_offers_the_languages_in_their_own_names(db, path: str) -> None:
    page = Client().get(path)
    form = _switcher(page)
    assert page.status_code == 200 and form
    assert 'method="post"' in form and 'action="/i18n/setlang/"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'name="next" value="{path}"' in form
    assert re.search(r'<label for="language-switcher">[^<]+</label>', form)
    for code, name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in form and f">{name}</option>" in form
    assert re.search(r'<button type="submit"[^>]*>[^<]+</button>', form)  # no JavaScript needed
    assert "<script" not in form and not re.search(r"\son[a-z]+=", form)  # CSP: no handlers


def test_choosing_a_language_remembers_it_and_returns_to_the_same_page(db) -> None:
    visitor = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    page = visitor.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _switcher(page)).group(1)
    response = visitor.post(
        "/i18n/setlang/",
        {"language": "de", "next": "/accounts/login/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    again = visitor.get("/accounts/login/")
    assert _html_lang(again) == "de"
    assert 'value="de" lang="de" selected' in _switcher(again)


def test_the_switcher_refuses_a_post_without_the_csrf_token(db) -> None:
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_language_we_do_not_ship_changes_nothing(db) -> None:
    response = Client().post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_person_has_no_switcher_and_their_settings_stay_the_one_source(
    alice: Any,
) -> None:
    User.objects.filter(pk=alice.pk).update(language="es")
    client = client_for(alice)
    home = client.get("/home/")
    assert _html_lang(home) == "es" and not _switcher(home)
    assert not _switcher(client.get("/help/"))
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/home/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert _html_lang(client.get("/home/")) == "es"
    alice.refresh_from_db()
    assert alice.language == "es"
