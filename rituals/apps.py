from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import User


def _in_couple(user: User) -> bool:
    return user.active_couple is not None


def home_context(request: HttpRequest) -> dict[str, Any] | None:
    """Today's check-in card and new appreciations, for people in a couple."""
    from rituals import checkins, reminders
    from rituals.models import Appreciation, CheckIn

    user: User = request.user  # type: ignore[assignment]
    couple = user.active_couple
    if couple is None:
        return None
    reminders.reminders_resync_time_zone(user=user)
    partner = couple.partner_of(user)
    mine = checkins.checkin_today(user)
    theirs = checkins.checkin_today(partner) if partner else None
    return {
        "mine": mine,
        "partner": partner,
        "partner_checked_in": theirs is not None,
        "revealed": bool(mine and theirs and theirs.local_date == mine.local_date),
        "theirs": theirs,
        "new_appreciations": list(
            Appreciation.objects.visible_to(user)
            .filter(recipient=user, acknowledged_at__isnull=True)
            .select_related("author")[:3]
        ),
        "checkins_this_month": CheckIn.objects.filter(
            user=user, local_date__gte=(mine.local_date if mine else _today(user)).replace(day=1)
        ).count(),
    }


def _resync_reminders(user: User) -> None:
    from rituals import reminders

    reminders.reminders_resync_time_zone(user=user)


def _today(user: User) -> Any:
    from couplesafe.lib.tz import local_today

    return local_today(user.time_zone)


class RitualsConfig(AppConfig):
    name = "rituals"
    verbose_name = "Rituals"

    def ready(self) -> None:
        from couplesafe.lib import registry
        from rituals import data_rights

        registry.register_home_section(
            registry.HomeSection(order=20, template="rituals/_home_card.html", context=home_context)
        )
        registry.register_nav_item(
            registry.NavItem(
                order=20, label="Check-in", url_name="rituals:today", visible=_in_couple
            )
        )
        registry.register_nav_item(
            registry.NavItem(
                order=25, label="Together", url_name="rituals:couple", visible=_in_couple
            )
        )
        registry.register_data_handler(
            registry.DataHandler(
                name="rituals", forget=data_rights.forget, export=data_rights.export
            )
        )
        registry.register_time_zone_listener(_resync_reminders)
