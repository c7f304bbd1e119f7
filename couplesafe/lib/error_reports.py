"""Opt-in error reports through Sentry (SENTRY_DSN), with nothing personal in them.

PRODUCT.md: error reports never carry a person's words. So the SDK sends no request bodies,
no cookies, no local variables and no default personal data, and `scrub` (before_send) keeps
only the request's method, our request id, the view name and the numeric user id before any
event leaves. Without SENTRY_DSN, ADMINS get Django's error email (settings.LOGGING).
"""

from __future__ import annotations

from typing import Any

# What an event may keep about the request and the person.
KEEP_HEADERS = {"x-request-id"}
KEEP_CONTEXTS = {"runtime", "os", "trace"}


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        event["request"] = {
            "method": request.get("method"),
            "headers": {k: v for k, v in headers.items() if k.lower() in KEEP_HEADERS},
        }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("extra", None)
    contexts = event.get("contexts")
    if isinstance(contexts, dict):
        event["contexts"] = {k: v for k, v in contexts.items() if k in KEEP_CONTEXTS}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        # SQL and HTTP breadcrumbs can hold parameters and URLs with tokens.
        crumb.pop("data", None)
        if crumb.get("category") in {"query", "httplib"}:
            crumb["message"] = crumb.get("category")
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event


def init(dsn: str, *, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
    )
