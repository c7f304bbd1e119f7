"""What practices adds to the home page and the navigation (declared in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import User


def is_partner(user: User) -> bool:
    return not user.is_therapist


def home_context(request: HttpRequest) -> dict[str, Any] | None:
    """Invitations waiting for this person, and conversations still open."""
    from practices.selectors import conversations_for

    user = request.user
    if not user.is_authenticated or user.is_therapist or user.active_couple is None:
        return None
    open_ones = list(conversations_for(user).open()[:10])
    return {
        "invitations": [
            c for c in open_ones if c.status == "invited" and c.started_by_id != user.pk
        ],
        "open": [
            c for c in open_ones if not (c.status == "invited" and c.started_by_id != user.pk)
        ],
    }
