"""The private check, the calm page after it, and the quiet ways to step back.

Every page and action here is the person's own: nothing is shown to, or changes anything
visible to, the partner (PRODUCT.md "Safety first"). URLs carry no result or choice — the
page after the check is always /safety/support/, whatever was answered.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from couplesafe.content.access import owner_ids_visible_to
from couplesafe.lib import help_lines
from couplesafe.lib.http import AuthedRequest, safe_next
from safety import availability, questions, services
from safety.decorators import partner_in_couple
from safety.forms import CheckForm, MessageForm
from safety.models import SafetyCheck, TherapistMessage

JUST_ANSWERED = "safety-just-answered"


@partner_in_couple
@require_http_methods(["GET", "POST"])
def check(request: AuthedRequest) -> HttpResponse:
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answered = services.check_record(user=request.user, answers=form.answers())
        result = questions.result_of(answered.answers)
        if result == questions.CLEAR:
            messages.success(request, _("Thank you. Your answers stay private to you."))
            return redirect(safe_next(request) or reverse("home"))
        request.session[JUST_ANSWERED] = result
        return redirect("safety:support")
    return render(request, "safety/check.html", {"form": form, "next": safe_next(request)})


@partner_in_couple
@require_http_methods(["POST"])
def put_off(request: AuthedRequest) -> HttpResponse:
    services.check_put_off(user=request.user, hard_talk=request.POST.get("moment") == "hard-talk")
    messages.success(request, _("No problem. We'll offer it again in about a month."))
    return redirect(safe_next(request) or reverse("home"))


@partner_in_couple
@require_http_methods(["POST"])
def check_delete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    answered = get_object_or_404(SafetyCheck, user=request.user, public_id=public_id)
    services.check_delete(user=request.user, check=answered)
    messages.success(request, _("Those answers are deleted."))
    return redirect("safety:hub")


@login_required
@require_http_methods(["GET"])
def support(request: AuthedRequest) -> HttpResponse:
    """The calm page after a check that signals danger (and always reachable): joint
    exercises are not recommended while you feel unsafe; help; three quiet actions. It
    never blocks anything."""
    user = request.user
    in_couple = not user.is_therapist and user.active_couple is not None
    country = help_lines.choose(request.GET.get("country"), user.time_zone)
    return render(
        request,
        "safety/support.html",
        {
            "just_answered": request.session.pop(JUST_ANSWERED, None),
            "in_couple": in_couple,
            "on_break": in_couple and availability.is_on_break(user),
            "has_therapist": in_couple and bool(_therapists(request)),
            "help_country": country,
            "help_countries": help_lines.countries(),
        },
    )


@partner_in_couple
@require_http_methods(["POST"])
def step_back(request: AuthedRequest) -> HttpResponse:
    services.break_start(user=request.user)
    messages.success(
        request,
        _(
            "You've stepped back from conversations. Your partner sees only that you're not "
            "available for conversations right now. End it whenever you like."
        ),
    )
    return redirect(safe_next(request) or reverse("safety:hub"))


@partner_in_couple
@require_http_methods(["POST"])
def break_end(request: AuthedRequest) -> HttpResponse:
    services.break_end(user=request.user)
    messages.success(request, _("You're available for conversations again."))
    return redirect(safe_next(request) or reverse("safety:hub"))


def _therapists(request: AuthedRequest) -> list:  # type: ignore[type-arg]
    """Therapists on an active care link with this person (the one rule in content.access)."""
    from couplesafe.accounts.models import User

    ids = owner_ids_visible_to(request.user) - {request.user.pk}
    return list(User.objects.filter(pk__in=ids, role=User.Role.THERAPIST).order_by("display_name"))


@partner_in_couple
@require_http_methods(["GET", "POST"])
def message(request: AuthedRequest) -> HttpResponse:
    therapists = _therapists(request)
    latest = services.latest_check(request.user)
    form = MessageForm(request.POST or None, therapists=therapists, has_check=latest is not None)
    if therapists and request.method == "POST" and form.is_valid():
        therapist = next(t for t in therapists if t.pk == form.cleaned_data["therapist"])
        services.message_send(
            author=request.user,
            therapist=therapist,
            text=form.cleaned_data["text"],
            check=latest if form.cleaned_data.get("include_check") else None,
        )
        messages.success(
            request,
            _("Sent privately to %(name)s. Your partner will not see it.")
            % {"name": therapist.display_name},
        )
        return redirect("safety:hub")
    sent = TherapistMessage.objects.filter(author=request.user).select_related("therapist")
    return render(
        request,
        "safety/message.html",
        {"form": form, "therapists": therapists, "sent": sent, "latest": latest},
    )


@partner_in_couple
@require_http_methods(["POST"])
def message_delete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    sent = get_object_or_404(TherapistMessage, author=request.user, public_id=public_id)
    services.message_delete(user=request.user, message=sent)
    messages.success(request, _("That message is deleted; your therapist no longer sees it."))
    return redirect("safety:message")
