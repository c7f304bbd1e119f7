"""A kind "busy" page when every password-hashing slot of this process is taken."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from couplesafe.accounts.hashers import PasswordCheckBusy

BUSY_RETRY_SECONDS = 5


class PasswordBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PasswordCheckBusy):
            return None
        response = render(
            request, "accounts/busy.html", {"seconds": BUSY_RETRY_SECONDS}, status=503
        )
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response
