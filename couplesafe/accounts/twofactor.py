"""Two-step sign-in with an authenticator app (django-otp TOTP), for therapists (required) and
partners (optional): the code form and the two checks both kinds of page use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from couplesafe.lib.http import safe_next

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.utils.functional import _StrOrPromise as StrOrPromise


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=8,
        error_messages={"required": gettext_lazy("Please type the six-digit code your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(
                _("The code is six digits. Please type the one your app shows now."),
                code="format",
            )
        return token


def pending_device(user: Any) -> Any:
    """The authenticator being set up (unconfirmed), made on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def scan_details(device: Any) -> dict[str, str]:
    """What the set-up page shows: the key to type and a QR code (an SVG data URI)."""
    import base64

    import segno

    return {
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
    }


def wait_message() -> str:
    return _("That was a few tries in a row. Please wait a little, then type the current code.")


def confirm_new_device(request: HttpRequest, device: Any, token: str) -> str | None:
    """First code from a new authenticator: confirm the device and verify this session.
    Returns what to tell the person when it did not work."""
    if not device.verify_is_allowed()[0]:
        return wait_message()
    if not device.verify_token(token):
        return _("That code did not match. Codes change every 30 seconds; try the current one.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return None


def verify_session(request: HttpRequest, devices: list[Any], token: str) -> str | None:
    """A code at sign-in: verify this session with whichever device it matches."""
    if not all(device.verify_is_allowed()[0] for device in devices):
        return wait_message()
    for device in devices:
        if device.verify_token(token):
            otp_login(request, device)
            return None
    return _("That code did not match. Please try the code your app shows now.")


def verify_page(
    request: HttpRequest, devices: list[Any], *, done_url: str, why: StrOrPromise = ""
) -> HttpResponse:
    """The "one more step" page after a password, for partners and therapists alike: the code
    form, and once a code matches, on to `done_url`. `why` is an extra sentence for the reader."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = verify_session(request, devices, form.cleaned_data["token"])
        if problem is None:
            return redirect(done_url)
        form.add_error("token", problem)
    return render(
        request,
        "accounts/twofactor_verify.html",
        {"form": form, "why": why, "next": safe_next(request)},
    )
