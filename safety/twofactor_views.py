"""Optional two-step sign-in for partners (therapists must have it: therapists app). Once on,
every sign-in asks for the code before any page (safety.signin.SignInGuard)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from couplesafe.accounts import twofactor
from couplesafe.lib.http import AuthedRequest, safe_next
from safety import signin


def _next(request: AuthedRequest) -> str:
    return safe_next(request) or reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.is_therapist:
        return redirect("therapists:twofactor-setup")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("safety:hub")
    device = twofactor.pending_device(user)
    form = twofactor.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.confirm_new_device(request, device, form.cleaned_data["token"])
        if problem is None:
            signin.two_step_changed(user=user, on=True)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("safety:hub")
        form.add_error("token", problem)
    return render(
        request, "safety/twofactor_setup.html", {"form": form, **twofactor.scan_details(device)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthedRequest) -> HttpResponse:
    user = request.user
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    return twofactor.verify_page(request, devices, done_url=_next(request))


@login_required
@require_http_methods(["POST"])
def turn_off(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.is_therapist:
        return redirect("safety:hub")
    TOTPDevice.objects.filter(user=user).delete()
    signin.two_step_changed(user=user, on=False)
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("safety:hub")
