"""Gates for therapist pages: a therapist account, then a verified second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from couplesafe.lib.http import AuthedRequest

View = Callable[..., HttpResponse]


def therapist_account_required(view: View) -> View:
    """Logged in as a therapist (second factor not yet needed: the 2FA pages themselves)."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_therapist:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def therapist_required(view: View) -> View:
    """A therapist whose session is verified with a second factor. Anyone else gets a 404
    (never confirming that a couple or page exists); an unverified therapist is sent to set
    up, or enter, their authenticator code first — before any couple data is read."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_therapist:
            raise Http404
        if not request.user.is_verified():  # type: ignore[attr-defined]
            name = (
                "therapists:twofactor-verify"
                if user_has_device(request.user, confirmed=True)
                else "therapists:twofactor-setup"
            )
            url = reverse(name)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            if request.htmx:
                # htmx follows a 302 inside the XHR; this makes the whole page go instead.
                return HttpResponseClientRedirect(url)
            return redirect(url)
        return view(request, *args, **kwargs)

    return login_required(wrapper)
