"""Leaving, deleting and export for the therapists app (declared in apps.py)."""

from __future__ import annotations

from typing import Any

from couplesafe.accounts.models import Couple, User
from therapists import services
from therapists.models import AuditEntry, CareLink, TherapistNote


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
