from django.apps import AppConfig


class TherapistsConfig(AppConfig):
    name = "therapists"
    verbose_name = "Therapist dashboard"

    def ready(self) -> None:
        from couplesafe.content.access import register_owner_resolver
        from couplesafe.lib.registry import (
            DataHandler,
            HomeSection,
            NavItem,
            register_data_handler,
            register_home_section,
            register_nav_item,
        )
        from therapists import integration

        register_owner_resolver(integration.therapist_ids_for)
        register_home_section(
            HomeSection(
                order=60,
                template="therapists/home_homework.html",
                context=integration.home_homework,
            )
        )
        register_home_section(
            HomeSection(
                order=5,
                template="therapists/home_therapist.html",
                context=integration.home_therapist,
            )
        )
        register_nav_item(
            NavItem(
                order=10,
                label="Couples",
                url_name="therapists:dashboard",
                visible=integration.is_therapist,
            )
        )
        register_nav_item(
            NavItem(
                order=11,
                label="My cards",
                url_name="therapists:content",
                visible=integration.is_therapist,
            )
        )
        register_nav_item(
            NavItem(
                order=80,
                label="Therapist",
                url_name="therapists:care",
                visible=integration.is_partner,
            )
        )
        register_data_handler(
            DataHandler(name="therapists", forget=integration.forget, export=integration.export)
        )
