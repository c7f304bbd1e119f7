"""The language rule, in one place: everything CoupleSafe says to a person is in the language
they chose (settings.LANGUAGES), on every page, in every email and every push.

- Signed in: `PersonLanguageMiddleware` activates the person's own `language` for the view
  (after authentication). A view that answers without the session (an unchanged-state poll
  served from the cache, marked `sessionless`) shows no words and stays free of any query.
- Signed out: Django's LocaleMiddleware, from the language cookie, else the browser's
  Accept-Language. A visitor sets the cookie with the switcher on every signed-out page
  (Django's `set_language`, templates/includes/language_switcher.html). The cookie is set
  from the person's own choice whenever a signed-in request finds it different, so the
  log-in page after signing out, and the error pages of addresses that match no view,
  speak their language too.
- Emails and pushes: `couplesafe.lib.addressing.addressed_to(recipient)` renders in the
  recipient's language (see there).

The words partners type to each other are never translated: only what CoupleSafe says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

DEFAULT = "en"


def codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def supported(code: str | None) -> str | None:
    """A shipped language for `code` ("de-AT" → "de"), or None."""
    if not code:
        return None
    code = code.lower()
    for candidate in (code, code.split("-")[0].split("_")[0]):
        if candidate in codes():
            return candidate
    return None


def language_of(person: Any) -> str:
    """A person's chosen language, or the site's default for no person."""
    return supported(getattr(person, "language", None)) or settings.LANGUAGE_CODE


def from_request(request: HttpRequest | None) -> str:
    """The language this request is in now (LocaleMiddleware's choice for a visitor: the
    cookie, else the browser's): the default for a sign-up form."""
    return supported(translation.get_language()) or settings.LANGUAGE_CODE


def remember(response: HttpResponse, code: str) -> None:
    """Keep a person's choice in the language cookie (read while they are signed out)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
    )


class PersonLanguageMiddleware:
    """Every view for a signed-in person runs in that person's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        chosen = getattr(request, "person_language", None)
        name = settings.LANGUAGE_COOKIE_NAME
        # The account is a signed-in person's one source: also when something (the visitors'
        # switcher, Django's set_language) tried to set another language on this response.
        setting = response.cookies[name].value if name in response.cookies else None
        if chosen and (setting or request.COOKIES.get(name)) != chosen:
            remember(response, chosen)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if not getattr(view, "sessionless", False):
            activate_for(request)


def activate_for(request: HttpRequest) -> None:
    """Switch this request to the signed-in person's language (a sessionless view calls it
    itself once it has loaded the person, before it shows anything)."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    code = language_of(user)
    translation.activate(code)
    request.LANGUAGE_CODE = code
    request.person_language = code  # type: ignore[attr-defined]
