from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from couplesafe.lib import paging
from couplesafe.lib.http import AuthedRequest
from couplesafe.lib.tz import local_today
from rituals import appreciations as appreciation_services
from rituals import checkins, content, selectors
from rituals.errors import RitualError
from rituals.forms import (
    AppreciationForm,
    AppreciationResponseForm,
    CheckInForm,
    ReminderSettingsForm,
)
from rituals.models import Appreciation, ReminderDelivery, ReminderSchedule
from rituals.reminders import (
    reminder_settings_save,
    reminder_turn_off,
    schedule_from_token,
)

View = Callable[..., HttpResponse]

APPRECIATIONS_PAGE = 20


def couple_required(view: View) -> View:
    """Rituals are for a couple: anyone without one is sent home, where pairing starts."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.active_couple is None:
            messages.info(
                request, _("Check-ins and appreciations start once you and your partner pair up.")
            )
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def _checkin_form(request: AuthedRequest, data: Any = None) -> CheckInForm:
    checkin_content, feeling_groups = content.checkin_page_content()
    today = local_today(request.user.time_zone)
    existing = checkins.checkin_today(request.user)
    initial = (
        {
            "mood": existing.mood,
            "feelings": existing.feelings,
            "space_text": existing.space_text,
            "need_text": existing.need_text,
            "private": existing.private or request.GET.get("private") == "1",
        }
        if existing
        # "Keep today's check-in private" on the safety pages links here with ?private=1.
        else {"private": request.GET.get("private") == "1"}
    )
    return CheckInForm(
        data,
        initial=initial,
        mood_scale=checkin_content["mood_scale"],
        feeling_groups=feeling_groups,
        questions=content.questions_for(today, checkin_content["questions"]),
    )


@login_required
@couple_required
@require_http_methods(["GET", "POST"])
def today(request: AuthedRequest) -> HttpResponse:
    """Today's check-in: under a minute, editable until the person's local midnight."""
    user = request.user
    form = _checkin_form(request, request.POST if request.method == "POST" else None)
    saved = False
    if request.method == "POST" and form.is_valid():
        checkins.checkin_record(user=user, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("Thank you for checking in."))
            return redirect("rituals:couple")
        form, saved = _checkin_form(request), True
    context = {
        "form": form,
        "saved": saved,
        "existing": checkins.checkin_today(user),
        "partner": user.active_couple.partner_of(user),  # type: ignore[union-attr]
    }
    template = "rituals/today.html#checkin-card" if request.htmx else "rituals/today.html"
    return render(request, template, context)


@login_required
@couple_required
@require_http_methods(["GET"])
def couple(request: AuthedRequest) -> HttpResponse:
    """Today side by side, the last weeks as a calm timeline, a mood chart, gentle counts."""
    user = request.user
    the_couple = user.active_couple
    assert the_couple is not None
    scale = content.checkin_data()["mood_scale"]
    view = selectors.couple_view(user=user, couple=the_couple, mood_scale=scale)
    reminder = ReminderSchedule.objects.filter(
        user=user, kind=ReminderSchedule.Kind.CHECKIN, enabled=True
    ).first()
    context = {
        "view": view,
        "reminder": reminder,
        "partner": the_couple.partner_of(user),
        "mood_labels": content.mood_words(scale),
    }
    template = "rituals/couple.html#today-pair" if request.htmx else "rituals/couple.html"
    return render(request, template, context)


@login_required
@couple_required
@require_http_methods(["GET", "POST"])
def appreciations(request: AuthedRequest) -> HttpResponse:
    form = AppreciationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        appreciation_services.appreciation_send(author=request.user, text=form.cleaned_data["text"])
        partner = request.user.active_couple.partner_of(request.user)  # type: ignore[union-attr]
        messages.success(
            request, _("Your appreciation is on its way to %(name)s.") % {"name": partner}
        )
        return redirect("rituals:appreciations")
    visible = Appreciation.objects.visible_to(request.user).select_related("author", "recipient")
    context: dict[str, Any] = {
        "form": form,
        # Two windows, each paged on its own (?for_you=2, ?from_you=3): flat at 10× the words.
        "received": paging.window(
            visible.filter(recipient=request.user),
            request,
            size=APPRECIATIONS_PAGE,
            param="for_you",
            region="received-list",
        ),
        "sent": paging.window(
            visible.filter(author=request.user),
            request,
            size=APPRECIATIONS_PAGE,
            param="from_you",
            region="sent-list",
        ),
        "partner": request.user.active_couple.partner_of(request.user),  # type: ignore[union-attr]
    }
    for region in ("received-list", "sent-list"):
        if paging.wants_region(request, region):
            return render(request, f"rituals/appreciations.html#{region}", context)
    return render(request, "rituals/appreciations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appreciation_respond(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Only the person an appreciation was for can answer it; anyone else gets a 404."""
    appreciation = get_object_or_404(
        Appreciation.objects.visible_to(request.user)
        .filter(recipient=request.user)
        .select_related("author"),
        public_id=public_id,
    )
    form = AppreciationResponseForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            appreciation = appreciation_services.appreciation_respond(
                appreciation=appreciation, user=request.user, response=form.cleaned_data["response"]
            )
        except RitualError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            if not request.htmx:
                messages.success(
                    request, _("Your answer is with %(name)s.") % {"name": appreciation.author}
                )
                return redirect("rituals:appreciations")
    context = {"appreciation": appreciation, "form": form}
    template = "rituals/respond.html#respond-card" if request.htmx else "rituals/respond.html"
    return render(request, template, context, status=status)


@login_required
@couple_required
@require_http_methods(["GET", "POST"])
def reminders(request: AuthedRequest) -> HttpResponse:
    user = request.user
    schedule = ReminderSchedule.objects.filter(
        user=user, kind=ReminderSchedule.Kind.CHECKIN
    ).first()
    initial = {
        "enabled": "on" if schedule is None or schedule.enabled else "off",
        "local_time": schedule.local_time if schedule else "20:00",
        "weekdays": schedule.weekday_list if schedule else list(range(7)),
        "paused_until": schedule.paused_until if schedule else None,
        "channel": schedule.channel if schedule else ReminderSchedule.Channel.EMAIL,
    }
    # "Today" (a pause cannot end before it) is the typer's own: the request's zone.
    form = ReminderSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminder_settings_save(user=user, **form.cleaned_data)
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("rituals:reminders")
    context = {
        "form": form,
        "schedule": schedule,
        "others": ReminderSchedule.objects.filter(user=user).exclude(
            kind=ReminderSchedule.Kind.CHECKIN
        ),
        "deliveries": ReminderDelivery.objects.filter(user=user).order_by("-due_at")[:10],
    }
    return render(request, "rituals/reminders.html", context)


@login_required
@require_http_methods(["POST"])
def reminder_off(request: AuthedRequest, public_id: str) -> HttpResponse:
    schedule = get_object_or_404(ReminderSchedule, user=request.user, public_id=public_id)
    reminder_turn_off(schedule=schedule)
    messages.success(request, _("That reminder is off. You can turn it on again any time."))
    return redirect("rituals:reminders")


@csrf_exempt  # RFC 8058: mail clients POST here without a session or a CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from a signed link; no login. GET asks (link scanners follow
    links and must not turn reminders off), POST — from the page or a mail client — does it."""
    schedule = schedule_from_token(token)
    if schedule is None:
        raise Http404
    done = False
    if request.method == "POST":
        reminder_turn_off(schedule=schedule)
        done = True
    return render(request, "rituals/unsubscribe.html", {"schedule": schedule, "done": done})
