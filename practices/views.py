"""Guided conversation pages. Every view starts from the person's own conversations
(Conversation.objects.for_user): someone else's conversation is a 404, never a 403."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from couplesafe.lib import paging
from couplesafe.lib.http import AuthedRequest, sessionless
from couplesafe.lib.throttle import poll_rate_limited
from practices import gentle, live, scheduling, selectors, services
from practices.forms import (
    GentleForm,
    NoteForm,
    PauseForm,
    PlanReminderForm,
    ProposeForm,
    StartForm,
    SwitchForm,
    TurnForm,
)
from practices.models import Conversation, Pause
from safety import availability

PAGE = "practices/conversation.html"


def _conversation(request: AuthedRequest, public_id: UUID) -> Conversation:
    conv = selectors.get_conversation(request.user, public_id)
    if conv is None:
        raise Http404("No such conversation.")
    return conv


def _turn_form(view: selectors.Live, **kwargs: Any) -> TurnForm | None:
    if view.state != "my-turn" or view.step is None:
        return None
    words = [w for group in view.feeling_groups for w in group.get("words", [])]
    kwargs.setdefault("initial", {})["state_version"] = view.conv.state_version
    return TurnForm(
        step=view.step,
        feeling_words=words,
        spoken=view.mode == "together",
        auto_id=f"v{view.conv.visit}-%s",
        **kwargs,
    )


def _render_live(
    request: AuthedRequest,
    conv: Conversation,
    *,
    form: TurnForm | None = None,
    status: int = 200,
    notice: str = "",
    kept_text: str = "",
    tips: list[gentle.Tip] | None = None,
    partial: bool = False,
    propose_form: ProposeForm | None = None,
) -> HttpResponse:
    view = selectors.live(conv, request.user)
    if form is None:
        form = _turn_form(view, initial={"text": kept_text})
    context = {
        "live": view,
        "conv": conv,
        "form": form,
        "notice": notice,
        "kept_text": kept_text if form is None or form.kind not in {"text", "feelings"} else "",
        "tips": tips,
        "pause_form": PauseForm(),
        "propose_form": propose_form or ProposeForm(tz_name=request.user.time_zone),
        "poll_token": live.token(request, conv.public_id),
    }
    template = f"{PAGE}#live" if request.htmx or partial else PAGE
    return render(request, template, context, status=status)


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
                request, f"We've let {partner.display_name} know. The conversation waits here."
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
@require_http_methods(["GET"])
def detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _render_live(request, _conversation(request, public_id))


@sessionless
@require_http_methods(["GET"])
@poll_rate_limited
def version(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The cheap poll: 204 while nothing changed, else the fresh live region.

    No @login_required here on purpose: a signed token bound to the session cookie lets an
    unchanged poll be answered from the cache without loading the session or the person
    (practices/live.py). Everything else goes through the full, logged-in path below."""
    # "wait": a break screen waiting for its return time, which no one's action announces.
    if "wait" not in request.GET and live.unchanged(request, public_id):
        return HttpResponse(status=204)
    # @login_required on _version_checked makes it an AuthedRequest from here on.
    return _version_checked(cast(AuthedRequest, request), public_id)


@login_required
def _version_checked(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    current = (
        Conversation.objects.for_user(request.user)
        .filter(public_id=public_id)
        .values_list("state_version", flat=True)
        .first()
    )
    if current is None:
        raise Http404("No such conversation.")
    live.remember(public_id, current)
    expired = "t" in request.GET and not live.token_valid(request, public_id)
    if (
        request.GET.get("v") == str(current)
        and not expired
        and not _break_is_over(request, public_id)
    ):
        return HttpResponse(status=204)
    # Changed, or the page's poll token ran out (a fresh region carries a fresh one).
    # The poller swaps in the live region, with or without the HX-Request header.
    return _render_live(request, _conversation(request, public_id), partial=True)


def _break_is_over(request: AuthedRequest, public_id: UUID) -> bool:
    """The partner's break screen should now offer to carry on (its return time has come)."""
    if "wait" not in request.GET:
        return False
    return Pause.objects.filter(
        conversation__in=Conversation.objects.for_user(request.user).filter(public_id=public_id),
        ended_at__isnull=True,
        return_at__lte=timezone.now(),
    ).exists()


@login_required
@require_http_methods(["POST"])
def turn(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    view = selectors.live(conv, request.user)
    kept = request.POST.get("text", "")
    form = _turn_form(view, data=request.POST)
    if form is None or _drawn_before(request, conv):
        notice = _not_now(view) + (" Your words are kept below." if kept.strip() else "")
        return _render_live(request, conv, status=409, notice=notice, kept_text=kept)
    if not form.is_valid():
        return _render_live(request, conv, form=form)
    if request.POST.get("action") == "check" and view.step and view.step.coach:
        tips = gentle.tips(form.cleaned_data.get("text", ""))
        return _render_live(request, conv, form=form, tips=tips)
    text, choice = form.answer()
    try:
        services.turn_submit(
            conversation=conv,
            user=request.user,
            state_version=form.cleaned_data["state_version"],
            text=text,
            choice=choice,
        )
    except services.PracticeError as error:
        conv = _conversation(request, public_id)
        return _render_live(request, conv, status=409, notice=str(error), kept_text=kept)
    if request.htmx:
        return _render_live(request, _conversation(request, public_id))
    return redirect("practices:detail", conv.public_id)


def _drawn_before(request: AuthedRequest, conv: Conversation) -> bool:
    """The page showed an earlier step (its answer may not even fit this one's form)."""
    try:
        return int(request.POST.get("state_version", "")) < conv.visit
    except ValueError:
        return False


def _not_now(view: selectors.Live) -> str:
    if view.state == "paused":
        return "The conversation is on a break."
    if view.state == "waiting":
        return "It's your partner's turn right now. You can answer when they're done."
    return "The conversation has moved on since this page was drawn."


def _act(request: AuthedRequest, conv: Conversation, action: Any, **kwargs: Any) -> HttpResponse:
    """Run a service; on success show the fresh page, on a refusal say why (409)."""
    try:
        action(conversation=conv, user=request.user, **kwargs)
    except services.PracticeError as error:  # a Conflict, or a kind refusal
        return _render_live(
            request, _conversation(request, conv.public_id), status=409, notice=str(error)
        )
    if request.htmx:
        return _render_live(request, _conversation(request, conv.public_id))
    return redirect("practices:detail", conv.public_id)


@login_required
@require_http_methods(["POST"])
def accept(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Now is good (from the invitation, the home page or an agreed time)."""
    mode = request.POST.get("mode", Conversation.Mode.APART)
    conv = _conversation(request, public_id)
    return _act(request, conv, scheduling.conversation_accept, mode=mode)


@login_required
@require_http_methods(["POST"])
def propose(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    form = ProposeForm(request.POST, tz_name=request.user.time_zone)
    if not form.is_valid():
        return _render_live(request, conv, propose_form=form)
    return _act(request, conv, scheduling.conversation_propose, when=form.cleaned_data["when"])


@login_required
@require_http_methods(["POST"])
def agree(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _act(request, _conversation(request, public_id), scheduling.conversation_agree)


@login_required
@require_http_methods(["POST"])
def decline(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _act(request, _conversation(request, public_id), scheduling.conversation_decline)


@login_required
@require_http_methods(["POST"])
def mode(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    return _act(request, conv, services.conversation_mode, mode=request.POST.get("mode", ""))


@login_required
@require_http_methods(["POST"])
def regroup(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _act(request, _conversation(request, public_id), services.regroup_ready)


@login_required
@require_http_methods(["POST"])
def switch(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return _render_live(request, conv, status=409, notice="Please choose what happens next.")
    return _act(
        request,
        conv,
        services.conversation_switch,
        state_version=form.cleaned_data["state_version"],
        swap=form.cleaned_data["choice"] == "swap",
    )


@login_required
@require_http_methods(["GET", "POST"])
def pause(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(request, conv, services.pause_start, minutes=form.cleaned_data["minutes"])
    return render(request, "practices/pause.html", {"conv": conv, "pause_form": form})


@login_required
@require_http_methods(["POST"])
def resume(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _act(request, _conversation(request, public_id), services.pause_end)


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
    conv = _conversation(request, public_id)
    existing = next(iter(selectors.private_notes(request.user, conv)), None)
    form = NoteForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        services.note_save(conversation=conv, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Your private note is saved. Only you can see it.")
        return redirect("practices:transcript", conv.public_id)
    return render(request, "practices/note.html", {"conv": conv, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    if request.method == "POST":
        services.conversation_delete(conversation=conv, user=request.user)
        messages.success(request, "The conversation is deleted, for both of you.")
        return redirect("practices:list")
    partner = conv.couple.partner_of(request.user)
    return render(request, "practices/delete.html", {"conv": conv, "partner": partner})


@login_required
@require_http_methods(["POST"])
def plan_reminder(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = _conversation(request, public_id)
    form = PlanReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please give a time like 08:30, or leave it empty.")
        return redirect("practices:detail", conv.public_id)
    try:
        services.plan_reminder_create(
            conversation=conv, user=request.user, local_time=form.cleaned_data["local_time"]
        )
    except services.PracticeError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, "Done. You'll get a gentle daily nudge about the plan you made together."
        )
    return redirect("practices:detail", conv.public_id)


@login_required
@require_http_methods(["POST"])
def gentle_check(request: AuthedRequest) -> HttpResponse:
    """Tips for the words being written. Never stored, never logged."""
    form = GentleForm(request.POST)
    tips = gentle.tips(form.cleaned_data["text"]) if form.is_valid() else []
    return render(request, "practices/conversation.html#gentle", {"tips": tips})
