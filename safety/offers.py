"""The private check is offered, never imposed: on joining a couple (the home card), about
once a month after that, and once before a person's first repair or frustration conversation.
Practices calls `before_hard_talk` from the pages where such a conversation begins."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from couplesafe.lib.http import AuthedRequest
from safety import services

# Practices about a rupture or a frustration: where a person who is afraid of their partner
# would be most exposed. Keys of the practice library (couplesafe/content/library/practices).
HARD_TALKS = frozenset({"repair-after-rupture", "frustration-to-longing", "quick-repair"})


def before_hard_talk(request: AuthedRequest, practice_key: str) -> HttpResponse | None:
    """A redirect to the check (coming back here after it, or after "skip"), the first time
    this person is about to begin a repair or frustration conversation; else None."""
    user = request.user
    if practice_key not in HARD_TALKS or request.method != "GET" or user.is_therapist:
        return None
    if not services.offer_before_hard_talk(user=user):
        return None
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('safety:check')}?{query}")
