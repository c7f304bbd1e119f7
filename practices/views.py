"""The conversation page and what happens on it (a turn, a break, the mode, swapping roles).
Starting and answering an invitation: practices/asking_views.py; reading back, notes and
deleting: practices/record_views.py. Every view starts from the person's own conversations
(Conversation.objects.for_user): someone else's conversation is a 404, never a 403."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from couplesafe.lib import language
from couplesafe.lib.http import AuthedRequest, sessionless
from couplesafe.lib.throttle import poll_rate_limited
from couplesafe.notifications.offers import push_offer
from practices import breaks, gentle, live, scheduling, selectors, services
from practices.forms import (
    GentleForm,
    PauseForm,
    ProposeForm,
    SwitchForm,
    TurnForm,
)
from practices.models import Conversation, Pause

PAGE = "practices/conversation.html"


def conversation_or_404(request: AuthedRequest, public_id: UUID) -> Conversation:
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


def render_live(
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
        "propose_form": propose_form or ProposeForm(),
        "poll_token": live.token(request, conv.public_id),
    }
    template = f"{PAGE}#live" if request.htmx or partial else PAGE
    if template == PAGE and scheduling.waits_on_first_ask(conv, request.user):
        context["push_offer"] = push_offer(request)  # "Get a nudge when … answers?"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET"])
def detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return render_live(request, conversation_or_404(request, public_id))


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
    language.activate_for(request)  # a sessionless view: the middleware left it alone
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
    return render_live(request, conversation_or_404(request, public_id), partial=True)


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
    conv = conversation_or_404(request, public_id)
    view = selectors.live(conv, request.user)
    kept = request.POST.get("text", "")
    form = _turn_form(view, data=request.POST)
    if form is None or _drawn_before(request, conv):
        notice = _not_now(view) + (" Your words are kept below." if kept.strip() else "")
        return render_live(request, conv, status=409, notice=notice, kept_text=kept)
    if not form.is_valid():
        return render_live(request, conv, form=form)
    if request.POST.get("action") == "check" and view.step and view.step.coach:
        tips = gentle.tips(
            form.cleaned_data.get("text", ""), language=language.language_of(request.user)
        )
        return render_live(request, conv, form=form, tips=tips)
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
        conv = conversation_or_404(request, public_id)
        return render_live(request, conv, status=409, notice=str(error), kept_text=kept)
    if request.htmx:
        return render_live(request, conversation_or_404(request, public_id))
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


def act(request: AuthedRequest, conv: Conversation, action: Any, **kwargs: Any) -> HttpResponse:
    """Run a service; on success show the fresh page, on a refusal say why (409)."""
    try:
        action(conversation=conv, user=request.user, **kwargs)
    except services.PracticeError as error:  # a Conflict, or a kind refusal
        return render_live(
            request, conversation_or_404(request, conv.public_id), status=409, notice=str(error)
        )
    if request.htmx:
        return render_live(request, conversation_or_404(request, conv.public_id))
    return redirect("practices:detail", conv.public_id)


@login_required
@require_http_methods(["POST"])
def mode(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    return act(request, conv, services.conversation_mode, mode=request.POST.get("mode", ""))


@login_required
@require_http_methods(["POST"])
def regroup(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return act(request, conversation_or_404(request, public_id), breaks.regroup_ready)


@login_required
@require_http_methods(["POST"])
def switch(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return render_live(request, conv, status=409, notice="Please choose what happens next.")
    return act(
        request,
        conv,
        services.conversation_switch,
        state_version=form.cleaned_data["state_version"],
        swap=form.cleaned_data["choice"] == "swap",
    )


@login_required
@require_http_methods(["GET", "POST"])
def pause(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    conv = conversation_or_404(request, public_id)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return act(request, conv, breaks.pause_start, minutes=form.cleaned_data["minutes"])
    return render(request, "practices/pause.html", {"conv": conv, "pause_form": form})


@login_required
@require_http_methods(["POST"])
def resume(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return act(request, conversation_or_404(request, public_id), breaks.pause_end)


@login_required
@require_http_methods(["POST"])
def gentle_check(request: AuthedRequest) -> HttpResponse:
    """Tips for the words being written. Never stored, never logged."""
    form = GentleForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    # Read in the writer's own language (their choice), whatever the page was asked in.
    tips = gentle.tips(text, language=language.language_of(request.user)) if text else []
    return render(request, "practices/conversation.html#gentle", {"tips": tips})
