from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.registry import HomeSection, NavItem


class RitualsConfig(AppConfig):
    name = "rituals"
    verbose_name = "Rituals"

    home_sections = [
        HomeSection(
            order=20, template="rituals/_home_card.html", context="rituals.home.home_context"
        )
    ]
    nav_items = [
        NavItem(
            order=20,
            label=_("Check-in"),
            url_name="rituals:today",
            visible="rituals.home.in_couple",
        ),
        NavItem(
            order=25,
            label=_("Together"),
            url_name="rituals:couple",
            visible="rituals.home.in_couple",
        ),
    ]
    data_rights = "rituals.data_rights"
    # Reminders move with the person's time zone here, and only here (not on page renders).
    time_zone_listeners = ["rituals.reminders.resync_on_time_zone_change"]
    calendar_sources = ["rituals.calendar.calendar_events"]
