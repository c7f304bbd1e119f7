from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.registry import HomeSection


def home_offer(request: HttpRequest) -> dict[str, Any] | None:
    """The gentle monthly offer of the private check, and a reminder of a break the person
    is on. Shown only to the person themselves."""
    from safety import availability, services

    user: Any = request.user
    if not user.is_authenticated or user.is_therapist or user.active_couple is None:
        return None
    due = services.check_is_due(user)
    on_break = availability.is_on_break(user)
    if not due and not on_break:
        return None
    return {"due": due, "on_break": on_break}


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety and privacy")

    home_sections = [
        HomeSection(order=3, template="safety/_home.html", context="safety.apps.home_offer")
    ]
    data_rights = "safety.data_rights"

    def ready(self) -> None:
        from couplesafe.lib import registry
        from safety import availability

        registry.register_availability_check(availability.is_available)
        registry.register_discreet_check(_wants_discreet)
        user_logged_in.connect(_signed_in, dispatch_uid="safety-signed-in")
        user_logged_out.connect(_signed_out, dispatch_uid="safety-signed-out")


def _wants_discreet(user: Any) -> bool:
    from safety.models import SafetyPreferences

    return SafetyPreferences.objects.filter(user=user, discreet_email=True).exists()


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from safety import signin

    if request is not None and hasattr(request, "session"):
        signin.remember_sign_in(request, user)


def _signed_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    from safety import signin

    if request is not None and hasattr(request, "session"):
        signin.forget_sign_in(request)
