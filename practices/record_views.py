"""Reading a conversation back, a private note on it, deleting it for both, and turning a plan
into a daily reminder."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from couplesafe.lib import paging
from couplesafe.lib.http import AuthedRequest
from practices import keeping, selectors, services
from practices.forms import NoteForm, PlanReminderForm
from practices.views import conversation_or_404


@login_required
@require_http_methods(["GET"])
def transcript(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    # Read-only, so a conversation from a couple that has ended may be read back here too.
    conv = selectors.get_readable_conversation(request.user, public_id)
    if conv is None:
        raise Http404("No such conversation.")
    turns = selectors.transcript_window(conv, request.user, request)
    context = {"conv": conv, "turns": turns, "earlier": not conv.couple.is_active}
    if paging.wants_region(request, turns.region):
        return render(request, "practices/transcript.html#turns", context)
    context |= {
        "pause_count": conv.pauses.count(),
        "note": next(iter(selectors.private_notes(request.user, conv)), None),
        "partner": conv.couple.partner_of(request.user),
    }
    return render(request, "practices/transcript.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def note(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    existing = next(iter(selectors.private_notes(request.user, conv)), None)
    form = NoteForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        keeping.note_save(conversation=conv, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your private note is saved. Only you can see it."))
        return redirect("practices:transcript", conv.public_id)
    return render(request, "practices/note.html", {"conv": conv, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    if request.method == "POST":
        keeping.conversation_delete(conversation=conv, user=request.user)
        messages.success(request, _("The conversation is deleted, for both of you."))
        return redirect("practices:list")
    partner = conv.couple.partner_of(request.user)
    return render(request, "practices/delete.html", {"conv": conv, "partner": partner})


@login_required
@require_http_methods(["POST"])
def plan_reminder(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    form = PlanReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a time like 08:30, or leave it empty."))
        return redirect("practices:detail", conv.public_id)
    try:
        keeping.plan_reminder_create(
            conversation=conv, user=request.user, local_time=form.cleaned_data["local_time"]
        )
    except services.PracticeError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, _("Done. You'll get a gentle daily nudge about the plan you made together.")
        )
    return redirect("practices:detail", conv.public_id)
