"""Check-ins: recording today's and reading which days are revealed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import live
from couplesafe.lib.tz import local_today
from rituals.errors import RitualError
from rituals.models import CheckIn

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


@transaction.atomic
def checkin_record(
    *,
    user: User,
    mood: int,
    feelings: list[str],
    space_text: str = "",
    need_text: str = "",
    private: bool = False,
    now: dt.datetime | None = None,
) -> CheckIn:
    """Record (or edit) today's check-in. "Today" is the person's own local day, so editing
    is possible until their local midnight; after that the row belongs to yesterday."""
    couple = user.active_couple
    if couple is None:
        raise RitualError(_("Check-ins are for the two of you. Pair up with your partner first."))
    now = now or timezone.now()
    day = local_today(user.time_zone, now)
    values = {
        "couple": couple,
        "mood": mood,
        "feelings": list(feelings)[:3],
        "space_text": space_text.strip(),
        "need_text": need_text.strip(),
        # "Keep today's check-in private" (safety): applied by couplesafe.visibility.
        "private": private,
        "updated_at": now,
    }
    try:
        with transaction.atomic():
            checkin, created = CheckIn.objects.select_for_update().get_or_create(
                user=user, local_date=day, defaults={**values, "created_at": now}
            )
    except IntegrityError:
        # Two tabs submitting at once: the other one won; this one becomes an edit.
        checkin, created = CheckIn.objects.select_for_update().get(user=user, local_date=day), False
    if not created:
        for field, value in values.items():
            setattr(checkin, field, value)
        checkin.save()
    live.notify_couple(couple, live.CHECKIN)
    return checkin


def checkin_today(user: User, now: dt.datetime | None = None) -> CheckIn | None:
    return CheckIn.objects.filter(user=user, local_date=local_today(user.time_zone, now)).first()
