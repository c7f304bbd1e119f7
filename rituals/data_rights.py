"""Leaving, deleting and export for rituals (registered in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from couplesafe import visibility
from couplesafe.visibility import PartnerEyes, Sight
from rituals.models import Appreciation, CheckIn, ReminderSchedule

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User


def forget(*, user: User, couple: Couple | None = None) -> None:
    """The person's own words leave with them (PRODUCT.md): their check-ins and the
    appreciations they wrote are deleted, the answers they gave are emptied, reminders end."""
    checkins = CheckIn.objects.filter(user=user)
    written = Appreciation.objects.filter(author=user)
    answered = Appreciation.objects.filter(recipient=user).exclude(response="")
    if couple is not None:
        checkins = checkins.filter(couple=couple)
        written = written.filter(couple=couple)
        answered = answered.filter(couple=couple)
    checkins.delete()
    written.delete()
    # Emptying an encrypted field needs the field's own encryption: update through the ORM.
    for appreciation in answered:
        appreciation.response = ""
        appreciation.save(update_fields=["response"])
    ReminderSchedule.objects.filter(user=user).delete()


def export(user: User) -> dict[str, Any]:
    # Only what the person may see: their own check-ins (always fully theirs).
    checkins = [
        c
        for c in CheckIn.objects.filter(user=user).order_by("local_date")
        if visibility.checkin_sight(
            c, author_zone=user.time_zone, partner=PartnerEyes(user.pk, user.time_zone)
        )
        == Sight.FULL
    ]
    written = Appreciation.objects.filter(author=user).select_related("recipient")
    received = Appreciation.objects.filter(recipient=user).select_related("author")
    return {
        "checkins": [
            {
                "date": c.local_date.isoformat(),
                "mood": c.mood,
                "feelings": c.feelings,
                "taking_up_space": c.space_text,
                "need": c.need_text,
            }
            for c in checkins
        ],
        "appreciations_written": [
            {
                "to": a.recipient.display_name if a.recipient else "a former partner",
                "sent_at": a.created_at.isoformat(),
                "text": a.text,
                "their_response": a.response,
            }
            for a in written
        ],
        "appreciations_received": [
            {
                "from": a.author.display_name,
                "sent_at": a.created_at.isoformat(),
                "text": a.text,
                "your_response": a.response,
            }
            for a in received
        ],
        "reminders": [
            {
                "kind": s.kind,
                "local_time": s.local_time.strftime("%H:%M"),
                "weekdays": s.weekday_list,
                "enabled": s.enabled,
                "paused_until": s.paused_until.isoformat() if s.paused_until else None,
                "time_zone": s.time_zone,
            }
            for s in ReminderSchedule.objects.filter(user=user)
        ],
    }
