"""One log line per request, and the request id on every line it causes (Celery tasks too).

The line carries the request id, the person's numeric id, the method, the view's URL name,
the status and the time taken — never the path (it can hold an invite or reset token), the
query string, an email or anyone's words (PRODUCT.md). Tasks published while a request runs
carry its id in a message header; the worker puts it back on the task's log lines.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from couplesafe.lib.client_address import client_ip

log = logging.getLogger("couplesafe.request")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
HEADER = "request_id"
# A request id handed in by the proxy is kept only if it looks like one (no log injection).
_INCOMING = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Adds %(request_id)s to every record (settings.LOGGING's formatter uses it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _INCOMING.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            log.info(
                "request method=%s view=%s status=%s ms=%d user=%s ip=%s",
                request.method,
                match.view_name if match else "-",
                response.status_code,
                (time.perf_counter() - started) * 1000,
                loaded_user_id(request),
                client_ip(request),
            )
            return response
        finally:
            request_id_var.reset(token)


def loaded_user_id(request: HttpRequest) -> str:
    """The person's id if the request already loaded them. Never loads them here: the
    poll's fast path answers without touching the session or the user (practices/live.py)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    return str(user.pk) if user.is_authenticated else "-"


def add_request_id_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Celery's before_task_publish: the task message carries the request's id."""
    if headers is not None and request_id_var.get() != "-":
        headers[HEADER] = request_id_var.get()


def adopt_request_id(task: Any = None, **_: Any) -> None:
    """Celery's task_prerun: log lines of this task carry the id of the request behind it."""
    request = getattr(task, "request", None)
    found = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    request_id_var.set(str(found) if found else f"task-{uuid.uuid4().hex[:12]}")
