"""The person's own "Privacy and safety" page, and where they are signed in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from couplesafe.lib.http import AuthedRequest
from safety import availability, questions, services, signin
from safety.forms import PreferencesForm
from safety.models import SafetyCheck, SignedInDevice, TherapistMessage


@login_required
@require_http_methods(["GET", "POST"])
def hub(request: AuthedRequest) -> HttpResponse:
    user = request.user
    prefs = services.preferences_of(user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        signin.idle_setting_changed(user=user, minutes=prefs.idle_minutes)
        request.session[signin.IDLE_MINUTES] = prefs.idle_minutes
        messages.success(request, _("Saved."))
        return redirect("safety:hub")
    in_couple = not user.is_therapist and user.active_couple is not None
    checks = [
        (c, questions.result_of(c.answers), questions.labelled(c.answers))
        for c in SafetyCheck.objects.filter(user=user)[:12]
    ]
    return render(
        request,
        "safety/hub.html",
        {
            "form": form,
            "in_couple": in_couple,
            "checks": checks,
            "on_break": in_couple and availability.is_on_break(user),
            "sent_count": TherapistMessage.objects.filter(author=user).count(),
            "two_step": user_has_device(user, confirmed=True),
        },
    )


@login_required
@require_http_methods(["GET"])
def devices(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "safety/devices.html",
        {
            "devices": SignedInDevice.objects.filter(user=request.user),
            "this_session": request.session.session_key,
        },
    )


@login_required
@require_http_methods(["POST"])
def sign_out_everywhere(request: AuthedRequest) -> HttpResponse:
    signin.sign_out_everywhere(user=request.user)
    request.session.flush()
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET"])
def still_here(request: AuthedRequest) -> HttpResponse:
    """The page's idle timer says the person is reading or typing (SignInGuard counts this
    request as activity), so a long answer is not lost to the idle sign-out."""
    return HttpResponse(status=204)
