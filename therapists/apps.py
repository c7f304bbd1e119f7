from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.registry import HomeSection, NavItem


class TherapistsConfig(AppConfig):
    name = "therapists"
    verbose_name = "Therapist dashboard"

    home_sections = [
        HomeSection(
            order=60,
            template="therapists/home_homework.html",
            context="therapists.integration.home_homework",
        ),
        HomeSection(
            order=5,
            template="therapists/home_therapist.html",
            context="therapists.integration.home_therapist",
        ),
    ]
    nav_items = [
        NavItem(
            order=10,
            label=_("Couples"),
            url_name="therapists:dashboard",
            visible="therapists.integration.is_therapist",
        ),
        NavItem(
            order=11,
            label=_("My cards"),
            url_name="therapists:content",
            visible="therapists.integration.is_therapist",
        ),
        NavItem(
            order=80,
            label=_("Therapist"),
            url_name="therapists:care",
            visible="therapists.integration.is_partner",
        ),
    ]
    data_rights = "therapists.data_rights"

    def ready(self) -> None:
        from couplesafe.content.access import register_owner_resolver
        from therapists import integration, signals

        register_owner_resolver(integration.therapist_ids_for)
        signals.connect()
