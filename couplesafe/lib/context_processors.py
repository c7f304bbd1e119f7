from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from couplesafe.lib import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation links that feature apps registered, for the logged-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = []
    for item in registry.nav_items():
        if item.visible_to(user):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "current": current.startswith(url)})
    return {"nav_items": items}
