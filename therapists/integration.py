"""What this app plugs into the foundation: the owner resolver for therapists' own content,
the homework card on the couple's home page and nav visibility (declared in apps.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from couplesafe.accounts.models import User
from therapists.models import CareLink, Homework
from therapists.titles import homework_titles


def therapist_ids_for(user: Any) -> list[int]:
    """Couples see their therapist's own cards and practices while the link is active."""
    if getattr(user, "is_therapist", False) or user.active_couple is None:
        return []
    # Asked by every content query of a page (the cards page: three): read once per request,
    # remembered on the request's user object like User.active_couple.
    if not hasattr(user, "_therapist_ids"):
        user._therapist_ids = list(
            CareLink.objects.active().for_partner(user).values_list("therapist_id", flat=True)
        )
    return list(user._therapist_ids)


def is_therapist(user: User) -> bool:
    return user.is_therapist


def is_partner(user: User) -> bool:
    return not user.is_therapist and user.active_couple is not None


def home_homework(request: HttpRequest) -> dict[str, Any] | None:
    user: Any = request.user
    if user.is_therapist or user.active_couple is None:
        return None
    links = list(CareLink.objects.active().for_partner(user).select_related("therapist"))
    if not links:
        return None
    recent = timezone.now() - dt.timedelta(days=7)
    homework = list(
        Homework.objects.filter(link__in=[link.pk for link in links])
        .exclude(completed_at__lt=recent)
        .select_related("link__therapist")
        .order_by("completed_at", "due_date", "-assigned_at")
    )
    if not homework:
        return None
    homework_titles(homework)
    return {"homework": homework, "therapists": [link.therapist for link in links]}


def home_therapist(request: HttpRequest) -> dict[str, Any] | None:
    """A therapist's way in from the home page: only a count, no couple's data."""
    from django_otp import user_has_device

    user: Any = request.user
    if not user.is_therapist:
        return None
    return {
        "linked": CareLink.objects.active().for_therapist(user).count(),
        "has_device": user_has_device(user, confirmed=True),
    }
