from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from couplesafe.lib.http import AuthedRequest

View = Callable[..., HttpResponse]


def partner_in_couple(view: View) -> View:
    """The check and its actions are for a partner in a couple; anyone else is sent home
    (like the rituals pages), where there is nothing of this to show."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_therapist or request.user.active_couple is None:
            return redirect("home")
        return view(request, *args, **kwargs)

    return login_required(wrapper)
