from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.registry import HomeSection, NavItem


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Guided practices"

    home_sections = [
        HomeSection(
            order=20, template="practices/_home.html", context="practices.home.home_context"
        )
    ]
    nav_items = [
        NavItem(
            order=20,
            label=_("Conversations"),
            url_name="practices:list",
            visible="practices.home.is_partner",
        )
    ]
    data_rights = "practices.data_rights"
    calendar_sources = ["practices.calendar.calendar_events"]
