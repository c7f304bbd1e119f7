"""Starting a conversation and answering its invitation: now (together or apart), later (a
time, agreed by the other), or not this topic for now (practices.scheduling)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from couplesafe.lib import paging
from couplesafe.lib.http import AuthedRequest
from practices import scheduling, selectors, services
from practices.forms import ProposeForm, StartForm
from practices.models import Conversation
from practices.views import act, conversation_or_404, render_live
from safety import availability


@login_required
@require_http_methods(["GET"])
def conversation_list(request: AuthedRequest) -> HttpResponse:
    couple = request.user.active_couple
    partner = couple.partner_of(request.user) if couple else None
    context: dict[str, Any] = {
        **selectors.conversation_windows(request.user, request),
        "couple": couple,
    }
    for region in ("open-list", "finished-list", "earlier-list"):
        if paging.wants_region(request, region):
            return render(request, f"practices/list.html#{region}", context)
    context |= {
        "partner": partner,
        "partner_unavailable": partner is not None and not availability.is_available(partner),
    }
    return render(request, "practices/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest, key: str) -> HttpResponse:
    couple = request.user.active_couple
    version = selectors.practice_version(request.user, key) if couple else None
    partner = couple.partner_of(request.user) if couple else None
    if version is None or partner is None:
        raise Http404("No such practice.")
    form = StartForm(request.POST or None, user=request.user, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            conv = services.conversation_start(
                user=request.user,
                version=version,
                topic=form.cleaned_data["topic"],
                sender=form.sender(),
            )
        except services.PracticeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("We've let %(name)s know. The conversation waits here.")
                % {"name": partner.display_name},
            )
            return redirect("practices:detail", conv.public_id)
    return render(
        request,
        "practices/start.html",
        {
            "form": form,
            "version": version,
            "practice": version.data,
            "partner": partner,
            "partner_unavailable": not availability.is_available(partner),
            "on_break": availability.is_on_break(request.user),
        },
    )


@login_required
@require_http_methods(["POST"])
def accept(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Now is good (from the invitation, the home page or an agreed time)."""
    mode = request.POST.get("mode", Conversation.Mode.APART)
    conv = conversation_or_404(request, public_id)
    return act(request, conv, scheduling.conversation_accept, mode=mode)


@login_required
@require_http_methods(["POST"])
def propose(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return render_live(request, conv, propose_form=form)
    return act(request, conv, scheduling.conversation_propose, when=form.cleaned_data["when"])


@login_required
@require_http_methods(["POST"])
def agree(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return act(request, conversation_or_404(request, public_id), scheduling.conversation_agree)


@login_required
@require_http_methods(["POST"])
def decline(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return act(request, conversation_or_404(request, public_id), scheduling.conversation_decline)
