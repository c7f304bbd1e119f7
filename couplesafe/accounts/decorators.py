"""Access rules shared by the foundation's own views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from couplesafe.lib.http import AuthedRequest

View = Callable[..., HttpResponse]


def second_factor_if_enrolled(view: View) -> View:
    """Someone who has set up two-step sign-in (every therapist must) has to have used it in
    this session before their data leaves the app or their account is deleted: a stolen
    password alone must not be enough to download a therapist's notes about couples."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if user_has_device(user, confirmed=True) and not user.is_verified():
            url = reverse(settings.SECOND_FACTOR_VERIFY_URL_NAME)
            return redirect(url + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapper
