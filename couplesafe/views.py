"""Pages that belong to no feature: the public landing page, home and crisis help."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from couplesafe.lib import registry
from couplesafe.lib.http import AuthedRequest


@require_http_methods(["GET"])
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html")


@login_required
@require_http_methods(["GET"])
def home(request: AuthedRequest) -> HttpResponse:
    """Where the person (and their couple) is now. Feature apps add their own cards."""
    sections = []
    for section in registry.home_sections():
        context = section.context_for(request)
        if context is not None:
            sections.append((section.template, context))
    couple = request.user.active_couple
    return render(
        request,
        "home.html#live" if request.htmx.target == "home-live" else "home.html",
        {
            "couple": couple,
            "partner": couple.partner_of(request.user) if couple else None,
            "pending_invite": request.user.invites_sent.pending().first(),
            "sections": sections,
        },
    )


@require_http_methods(["GET"])
def crisis_help(request: HttpRequest) -> HttpResponse:
    return render(request, "help.html")
