from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _not_therapist(user: Any) -> bool:
    return not user.is_therapist


def _everyone(user: Any) -> bool:
    return True


class ContentConfig(AppConfig):
    name = "couplesafe.content"
    label = "content"
    verbose_name = "Content library"

    def ready(self) -> None:
        from couplesafe.content import data
        from couplesafe.lib import registry

        registry.register_nav_item(
            registry.NavItem(
                order=30, label="Practices", url_name="content:library", visible=_everyone
            )
        )
        registry.register_nav_item(
            registry.NavItem(
                order=40, label="Cards", url_name="content:cards", visible=_not_therapist
            )
        )
        registry.register_data_handler(
            registry.DataHandler(name="content", forget=data.forget, export=data.export)
        )
