from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import registry

# How many places the phone's bottom bar shows before "More" (Home included). Five cells of
# about 78 px fit a 390 px screen without clipping; the rest wait behind "More".
NAV_MAIN_COUNT = 4


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation for the logged-in person: Home, then what feature apps registered.

    `nav_main` is the bar's first few places; `nav_more` the rest, behind "More"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_main": [], "nav_more": []}
    current = request.path
    home = reverse("home")
    items = [{"label": _("Home"), "url": home, "current": current == home, "key": "home"}]
    for item in registry.nav_items():
        if item.visible_to(user):
            url = reverse(item.url_name)
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "current": current.startswith(url),
                    "key": item.url_name.replace(":", "-"),
                }
            )
    # One extra place fits where "More" would stand: no menu for a single link.
    main_count = len(items) if len(items) <= NAV_MAIN_COUNT + 1 else NAV_MAIN_COUNT
    more = items[main_count:]
    return {
        "nav_items": items,
        "nav_main": items[:main_count],
        "nav_more": more,
        "nav_more_current": any(item["current"] for item in more),
    }


def quick_exit(request: HttpRequest) -> dict[str, Any]:
    """Where "Quick exit" goes (settings.QUICK_EXIT_URL)."""
    return {"quick_exit_url": settings.QUICK_EXIT_URL}
