"""A person's data rights: take everything that is theirs, and be forgotten.

The foundation knows nothing of the feature apps' models: each app registers a DataHandler in
`couplesafe.lib.registry` that exports and forgets its own rows. This module adds what the
foundation itself holds (profile, couples, invitations, sessions, login records) and packs
the export into one ZIP with a machine-readable `data.json` and a readable `data.html`.

The rule (PRODUCT.md, "Leaving and deleting"): your own words leave with you.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
import zoneinfo
from importlib import import_module
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from couplesafe.accounts.models import Invite, Membership, User
from couplesafe.accounts.services import couple_leave
from couplesafe.lib import live, registry
from couplesafe.lib.tz import local_today

EXPORT_FORMAT = "couplesafe-export/1"
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")
# Top-level keys of data.json that belong to the foundation; handlers use their own names.
FOUNDATION_KEYS = ("about", "profile", "couples", "invitations")


# --- Export -------------------------------------------------------------------------------


def export_data(*, user: User) -> dict[str, Any]:
    """Everything that is this person's, as plain JSON-ready data: the foundation's part and
    each registered handler's export under the handler's name. Handlers decide what of a
    joint thing the person may take (a conversation as they saw it, never a partner's note)."""
    data: dict[str, Any] = {
        "about": {
            "format": EXPORT_FORMAT,
            "exported_at": timezone.now(),
            "note": "Everything CoupleSafe holds that is yours, as you saw it.",
        },
        "profile": {
            "id": user.public_id,
            "name": user.display_name,
            "email": user.email,
            "time_zone": user.time_zone,
            "role": user.role,
            "joined": user.date_joined,
            "last_login": user.last_login,
        },
        "couples": _couples(user),
        "invitations": [
            {
                "created": invite.created_at,
                "sent_to": invite.email,
                "status": invite.status,
                "answered": invite.responded_at,
            }
            for invite in Invite.objects.filter(inviter=user).order_by("created_at")
        ],
    }
    for handler in registry.data_handlers():
        if handler.name in FOUNDATION_KEYS:
            raise ValueError(f"A data handler may not be named {handler.name!r}.")
        data[handler.name] = handler.export(user)
    # One round trip through JSON so data.html shows exactly what data.json holds.
    parsed: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return parsed


def _couples(user: User) -> list[dict[str, Any]]:
    memberships = (
        Membership.objects.filter(user=user).select_related("couple").order_by("joined_at")
    )
    result = []
    for membership in memberships:
        partner = (
            Membership.objects.filter(couple=membership.couple)
            .exclude(user=user)
            .select_related("user")
            .first()
        )
        result.append(
            {
                "couple": membership.couple.public_id,
                "joined": membership.joined_at,
                "left": membership.ended_at,
                "partner": partner.user.display_name if partner else None,
            }
        )
    return result


def export_archive(*, user: User) -> bytes:
    """One ZIP: data.json (for machines) and data.html (the same, to read in a browser)."""
    data = export_data(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("data.html", export_html(data, time_zone=user.time_zone))
    return buffer.getvalue()


def export_filename(*, user: User) -> str:
    return f"couplesafe-data-{local_today(user.time_zone):%Y-%m-%d}.zip"


def export_html(data: dict[str, Any], *, time_zone: str = "UTC") -> str:
    zone = zoneinfo.ZoneInfo(time_zone)
    sections = [(_label(key), _render_value(value, zone)) for key, value in data.items()]
    return render_to_string(
        "accounts/export_data.html",
        {
            "sections": sections,
            "name": data["profile"]["name"],
            "exported_at": _render_value(data["about"]["exported_at"], zone),
            "time_zone": time_zone,
        },
    )


def _label(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip().capitalize()


def _render_value(value: Any, zone: zoneinfo.ZoneInfo) -> SafeString:
    """Any JSON value as nested, escaped HTML: objects as definition lists, lists as lists,
    moments in the person's own time zone."""
    if isinstance(value, dict):
        if not value:
            return format_html('<p class="empty">{}</p>', "Nothing here.")
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((_label(k), _render_value(v, zone)) for k, v in value.items()),
        )
        return format_html("<dl>{}</dl>", rows)
    if isinstance(value, list):
        if not value:
            return format_html('<p class="empty">{}</p>', "Nothing here.")
        items = format_html_join("", "<li>{}</li>", ((_render_value(v, zone),) for v in value))
        return format_html("<ul>{}</ul>", items)
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        moment = dt.datetime.fromisoformat(value).astimezone(zone)
        return format_html(
            '<time datetime="{}">{}</time>',
            value,
            date_format(moment, "DAY_MONTH_YEAR_TIME_FORMAT"),
        )
    if value is None or value == "":
        return format_html('<span class="empty">{}</span>', "—")
    if value is True or value is False:
        return mark_safe("yes" if value else "no")  # noqa: S308 - fixed words
    return format_html('<span class="text">{}</span>', value)


# --- Deletion -------------------------------------------------------------------------------


def sessions_end(*, user: User) -> int:
    """Delete every session of this person (every device). Sessions are signed blobs, so each
    is decoded to find whose it is."""
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.iterator(chunk_size=2000)
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    # Through the session engine, so a cached copy (cached_db) goes too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in doomed:
        store(session_key).delete(session_key)
    live.end_streams(user_ids=[user.pk])
    return len(doomed)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Forget a person everywhere and delete their account.

    Every feature app's handler removes the person's own words in every couple they were ever
    in (a turn in a joint conversation becomes a "removed" marker, reminders and therapist
    links end); then they leave their couple, every session ends, their invitations and login
    records go, and the user row is deleted (the database cascades the rest). The former
    partner keeps their own words. All of it happens in one transaction or not at all."""
    registry.forget_everywhere(user=user, couple=None)
    couple_leave(user=user)
    sessions_end(user=user)
    Invite.objects.filter(inviter=user).delete()
    # Invitations others sent to this address keep their row (it is the inviter's history)
    # but not the deleted person's email address.
    Invite.objects.filter(email__iexact=user.email).update(email="")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    user.delete()
