from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.registry import NavItem


def not_therapist(user: Any) -> bool:
    return not user.is_therapist


def everyone(user: Any) -> bool:
    return True


class ContentConfig(AppConfig):
    name = "couplesafe.content"
    label = "content"
    verbose_name = "Content library"

    nav_items = [
        NavItem(
            order=30,
            label=_("Practices"),
            url_name="content:library",
            visible="couplesafe.content.apps.everyone",
        ),
        NavItem(
            order=40,
            label=_("Cards"),
            url_name="content:cards",
            visible="couplesafe.content.apps.not_therapist",
        ),
    ]
    data_rights = "couplesafe.content.data_rights"
