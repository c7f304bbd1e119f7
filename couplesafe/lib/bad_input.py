"""Refuse unreadable input in the address before any view sees it.

A NUL byte cannot be stored or compared by PostgreSQL (psycopg raises ValueError), so a URL
like /therapist/join/AB%00CDEFGH/ reached the database and returned 500. Form fields already
refuse it (Django's ProhibitNullCharactersValidator); the path and query string are checked here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in raw_query or "\x00" in raw_query:
            raise BadRequest("NUL byte in the address")
        return self.get_response(request)
