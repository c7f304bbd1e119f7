"""What this app plugs into the foundation: the owner resolver for therapists' own content,
the homework card on the couple's home page, nav visibility and the data handler."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from couplesafe.accounts.models import Couple, User
from therapists import homework_progress, services
from therapists.models import AuditEntry, CareLink, Homework, TherapistNote


def therapist_ids_for(user: Any) -> list[int]:
    """Couples see their therapist's own cards and practices while the link is active."""
    if getattr(user, "is_therapist", False) or user.active_couple is None:
        return []
    return list(CareLink.objects.active().for_partner(user).values_list("therapist_id", flat=True))


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
    homework_progress.refresh_homework(homework)
    if not homework:
        return None
    return {"homework": homework, "therapists": [link.therapist for link in links]}


def forget(*, user: User, couple: Couple | None) -> None:
    services.links_end_for(user=user, couple=couple)


def export(user: User) -> dict[str, Any]:
    links = CareLink.objects.filter(consents__user=user).select_related("therapist").distinct()
    own = CareLink.objects.filter(therapist=user) if user.is_therapist else CareLink.objects.none()
    data: dict[str, Any] = {"care_links": [], "therapist_links": []}
    for link in links:
        consent = link.consent_of(user)
        data["care_links"].append(
            {
                "therapist": link.therapist.display_name,
                "accepted_at": consent.accepted_at.isoformat() if consent else None,
                "share_mood": consent.share_mood if consent else False,
                "ended_at": link.ended_at.isoformat() if link.ended_at else None,
                "homework": [
                    {
                        "title": hw.title,
                        "note": hw.note,
                        "due_date": hw.due_date.isoformat() if hw.due_date else None,
                        "assigned_at": hw.assigned_at.isoformat(),
                        "completed_at": hw.completed_at.isoformat() if hw.completed_at else None,
                    }
                    for hw in link.homework.all()
                ],
                "views_by_therapist": [
                    {"action": entry.get_action_display(), "at": entry.created_at.isoformat()}
                    for entry in AuditEntry.objects.filter(
                        couple_id=link.couple_id, therapist_id=link.therapist_id
                    )
                ]
                if link.couple_id
                else [],
            }
        )
    for link in own.prefetch_related("homework"):
        data["therapist_links"].append(
            {
                "code": link.code,
                "created_at": link.created_at.isoformat(),
                "ended_at": link.ended_at.isoformat() if link.ended_at else None,
                # What the therapist wrote is theirs to take too (PRODUCT.md: export).
                "homework_assigned": [
                    {
                        "title": hw.title,
                        "note": hw.note,
                        "assigned_at": hw.assigned_at.isoformat(),
                        "completed_at": hw.completed_at.isoformat() if hw.completed_at else None,
                    }
                    for hw in link.homework.all()
                ],
            }
        )
    if user.is_therapist:
        data["notes"] = [
            {
                "couple": str(note.couple.public_id),
                "text": note.text,
                "at": note.created_at.isoformat(),
            }
            for note in TherapistNote.objects.filter(therapist=user).select_related("couple")
        ]
    return data


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
