"""Sign-in protection for a phone someone else may pick up: the list of browsers a person is
signed in on, "sign out everywhere", and an optional idle sign-out.

`SignInGuard` (middleware, after authentication) records each signed-in session as a
SignedInDevice (at most once a minute per session) and ends a session that stayed idle longer
than the person asked. Background polling (htmx GETs) does not count as activity: a page left
open on the table must still sign out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from safety.models import SafetyPreferences, SignedInDevice

LAST_ACTIVE = "safety-last-active"
IDLE_MINUTES = "safety_idle_minutes"  # read by base.html for the page's own timer
SEEN = "safety-device-seen"
TWO_STEP = "safety_two_step"
# Pages a session waiting for its second step may still open.
BEFORE_SECOND_STEP = {"safety:twofactor-verify", "accounts:logout", "help", "landing"}
TOUCH_EVERY = dt.timedelta(minutes=5)

_BROWSERS = [
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    (r"iPhone|iPad", "iPhone or iPad"),
    (r"Android", "Android"),
    (r"Mac OS X|Macintosh", "Mac"),
    (r"Windows", "Windows"),
    (r"Linux", "Linux"),
]


def describe(user_agent: str) -> str:
    """ "Firefox on Android": enough to recognise a device, nothing more (no address)."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), _("A browser"))
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    return (
        (_("%(browser)s on %(system)s") % {"browser": browser, "system": system})[:80]
        if system
        else browser[:80]
    )


def sign_out_everywhere(*, user: Any) -> int:
    """End every session the person has (this one too). Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(SignedInDevice.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInDevice.objects.filter(user=user).delete()
    return len(keys)


def _is_background(request: HttpRequest) -> bool:
    return request.method == "GET" and request.headers.get("HX-Request") == "true"


def remember_sign_in(request: HttpRequest, user: Any) -> None:
    """On sign-in (user_logged_in): record this browser and carry the person's idle setting
    in the session, so ordinary requests need no extra query."""
    session = request.session
    if not session.session_key:
        session.save()
    now = timezone.now()
    SignedInDevice.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "description": describe(request.headers.get("User-Agent", "")),
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )
    session[SEEN] = now.timestamp()
    session[IDLE_MINUTES] = (
        SafetyPreferences.objects.filter(user=user).values_list("idle_minutes", flat=True).first()
        or 0
    )
    session[LAST_ACTIVE] = now.timestamp()
    session[TWO_STEP] = not user.is_therapist and user_has_device(user, confirmed=True)


def forget_sign_in(request: HttpRequest) -> None:
    if request.session.session_key:
        SignedInDevice.objects.filter(session_key=request.session.session_key).delete()


def _every_session(user: Any, values: dict[str, Any]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in SignedInDevice.objects.filter(user=user).values_list("session_key", flat=True):
        session = store(session_key=key)
        if session.exists(key):
            for name, value in values.items():
                session[name] = value
            session.save()


def idle_setting_changed(*, user: Any, minutes: int) -> None:
    """Carry a new idle setting into every session the person has."""
    _every_session(user, {IDLE_MINUTES: minutes, LAST_ACTIVE: timezone.now().timestamp()})


def two_step_changed(*, user: Any, on: bool) -> None:
    """Two-step sign-in turned on: every other session must give a code before its next page
    (this one has just given one). Turned off: no session asks any more."""
    _every_session(user, {TWO_STEP: on})


class SignInGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # A view that answers without the session (an unchanged-state poll served from the
        # cache) stays free of any database work; it shows nothing personal by itself.
        if getattr(view, "sessionless", False):
            return None
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.session.session_key:
            return None
        if SEEN not in request.session:  # signed in before this guard existed
            remember_sign_in(request, user)
        if request.session.get(TWO_STEP) and not user.is_verified():
            match = request.resolver_match
            if match is None or match.view_name not in BEFORE_SECOND_STEP:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('safety:twofactor-verify')}?{query}")
        ended = self._end_if_idle(request)
        if ended is None:
            self._touch(request)
        return ended

    def _end_if_idle(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        minutes = session.get(IDLE_MINUTES) or 0
        if not minutes:
            return None
        now = timezone.now().timestamp()
        last = float(session.get(LAST_ACTIVE) or now)
        if now - last > minutes * 60:
            forget_sign_in(request)
            logout(request)
            messages.info(request, _("You were signed out after a while without activity."))
            login = reverse("accounts:login")
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(login)
            return redirect(login)
        # Written at most every half minute, and not for background polls.
        if not _is_background(request) and now - last > 30:
            session[LAST_ACTIVE] = now
        return None

    def _touch(self, request: HttpRequest) -> None:
        """ "Last seen" in the device list, at most once every few minutes per session."""
        session = request.session
        now = timezone.now()
        if now.timestamp() - float(session.get(SEEN) or 0) < TOUCH_EVERY.total_seconds():
            return
        session[SEEN] = now.timestamp()
        SignedInDevice.objects.filter(session_key=session.session_key).update(last_seen_at=now)
