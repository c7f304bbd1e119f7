from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from couplesafe.accounts import data_rights, services, throttling
from couplesafe.accounts.decorators import second_factor_if_enrolled
from couplesafe.accounts.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    InviteCodeForm,
    InviteForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    ResetPasswordForm,
)
from couplesafe.accounts.models import Invite
from couplesafe.lib import language
from couplesafe.lib.http import AuthedRequest

# The public id of the invite someone arrived through: never the token itself (the session
# table must not hold a working link).
PENDING_INVITE_SESSION_KEY = "pending_invite"


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Counted per address before any hashing, unknown emails too: a flood of random
        # emails cannot keep the password hasher busy (axes counts per email and address).
        if wait := throttling.password_check_wait(request):
            return throttling.slow_down(request, wait)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return _after_login_url(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "invite": _pending_invite(self.request)}


def _pending_invite(request: HttpRequest) -> Invite | None:
    """The invite someone arrived through before signing up or logging in, if any."""
    public_id = request.session.get(PENDING_INVITE_SESSION_KEY)
    if not public_id:
        return None
    return Invite.objects.select_related("inviter").filter(public_id=public_id).first()


def _after_login_url(request: HttpRequest) -> str:
    """Someone who arrived through an invite link goes back to it after signing up/in."""
    invite = _pending_invite(request)
    if invite is not None:
        return reverse("accounts:invite-accept", args=[invite.token])
    return reverse("home")


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out. Take care."))
    return redirect("landing")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes calls this instead of raising: a kind page (429), not a 500.

    Failures are counted per (email, address) pair, so this page only ever stops the
    person whose password was mistyped; a partner on the same home network logs in as usual.
    """
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else 15
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        services.profile_update(user=user, changed=form.changed_data)
        # The message and the next page in the language just chosen.
        translation.activate(language.language_of(user))
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        language.remember(response, language.language_of(user))
        return response
    couple = request.user.active_couple
    partner = couple.partner_of(request.user) if couple else None
    return render(request, "accounts/profile.html", {"form": form, "partner": partner})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthedRequest) -> HttpResponse:
    """Create an invitation (with or without email) and show its code and link."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, _token = services.invite_create(
                inviter=request.user, email=form.cleaned_data["email"]
            )
        except services.PairingError as error:
            form.add_error(None, str(error))
        else:
            if created.email:
                messages.success(
                    request, _("We sent an invitation to %(email)s.") % {"email": created.email}
                )
            return redirect("accounts:invite")
    pending = request.user.invites_sent.pending().order_by("-created_at").first()
    # Derived from the invite's public id (accounts/codes.py), never kept in the session.
    link = reverse("accounts:invite-accept", args=[pending.token]) if pending else None
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "pending": pending,
            "link": link,
            "code_form": InviteCodeForm(),
            "valid_days": settings.INVITE_VALID_DAYS,
        },
    )


@login_required
@require_http_methods(["POST"])
def invite_cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    found = request.user.invites_sent.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    services.invite_cancel(invite=found, user=request.user)
    messages.info(request, _("The invitation is cancelled. Its link and code no longer work."))
    return redirect("accounts:invite")


@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invite_find(token=token)
    if found is None:
        raise Http404
    if not request.user.is_authenticated:
        # Remember the invite through sign-up or log-in; the page says who invited them.
        request.session[PENDING_INVITE_SESSION_KEY] = str(found.public_id)
        return render(request, "accounts/invite_welcome.html", {"invite": found})
    return _respond_to_invite(request, found, token=token)  # type: ignore[arg-type]


@login_required
@require_http_methods(["POST"])
def invite_code(request: AuthedRequest) -> HttpResponse:
    form = InviteCodeForm(request.POST)
    wait = throttling.code_lookup_wait(request) if form.is_valid() else 0
    if wait:
        form.add_error("code", throttling.code_lookup_message(wait))
    found = services.invite_find(code=form.data.get("code", "")) if form.is_valid() else None
    if found is None:
        if form.is_valid():
            form.add_error(
                "code", _("We could not find an invitation with that code. Please check it.")
            )
        pending = request.user.invites_sent.pending().first()
        return render(
            request,
            "accounts/invite.html",
            {
                "form": InviteForm(),
                "pending": pending,
                "code_form": form,
                "valid_days": settings.INVITE_VALID_DAYS,
            },
            status=429 if wait else 200,
        )
    return _respond_to_invite(request, found, token=None)


def _respond_to_invite(request: AuthedRequest, found: Invite, *, token: str | None) -> HttpResponse:
    problem = services.invite_problem(found, request.user)
    action = request.POST.get("action")
    if problem is None and action == "accept":
        try:
            if token is None:
                # By code: the inviter confirms first (services.invite_claim).
                services.invite_claim(invite=found, user=request.user)
            else:
                services.invite_accept(invite=found, user=request.user)
        except services.PairingError as error:
            problem = str(error)
        else:
            request.session.pop(PENDING_INVITE_SESSION_KEY, None)
            name = found.inviter.display_name
            if token is None:
                messages.info(
                    request,
                    _(
                        "We asked %(name)s to confirm that it is you. You will be paired as "
                        "soon as they do."
                    )
                    % {"name": name},
                )
            else:
                messages.success(
                    request, _("You and %(name)s are now paired. Welcome.") % {"name": name}
                )
            return redirect("home")
    if problem is None and action == "decline":
        services.invite_decline(invite=found, user=request.user)
        request.session.pop(PENDING_INVITE_SESSION_KEY, None)
        messages.info(request, _("You declined the invitation. Nothing was shared."))
        return redirect("home")
    if problem:
        request.session.pop(PENDING_INVITE_SESSION_KEY, None)
    status = 409 if problem and request.method == "POST" else 200
    return render(
        request,
        "accounts/invite_respond.html",
        {"invite": found, "problem": problem, "token": token},
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def invite_confirm(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The inviter answers "is this your partner?" for someone who entered their code."""
    found = request.user.invites_sent.pending().filter(public_id=public_id).first()
    if found is None or found.claimed_by is None:
        raise Http404
    if request.POST.get("answer") == "yes":
        try:
            services.invite_confirm(invite=found, inviter=request.user)
        except services.PairingError as error:
            messages.error(request, str(error))
            return redirect("accounts:invite")
        messages.success(
            request,
            _("You and %(name)s are now paired. Welcome.")
            % {"name": found.claimed_by.display_name},
        )
        return redirect("home")
    services.invite_refuse_claim(invite=found, inviter=request.user)
    messages.info(
        request,
        _(
            "Thank you. Nothing was shared, and that code no longer works. "
            "You can make a new invitation for your partner."
        ),
    )
    return redirect("accounts:invite")


@login_required
@require_http_methods(["GET", "POST"])
def leave_couple(request: AuthedRequest) -> HttpResponse:
    couple = request.user.active_couple
    if couple is None:
        messages.info(request, _("You are not paired with anyone right now."))
        return redirect("home")
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.couple_leave(user=request.user)
        messages.info(request, _("You have left the couple. Your own words left with you."))
        return redirect("home")
    return render(
        request,
        "accounts/leave.html",
        {"form": form, "partner": couple.partner_of(request.user)},
    )


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-sent")


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


@login_required
@second_factor_if_enrolled
@require_http_methods(["GET", "POST"])
def data_export(request: AuthedRequest) -> HttpResponse:
    """Everything that is theirs, as one ZIP, after they re-enter their password."""
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = HttpResponse(
            data_rights.export_archive(user=request.user), content_type="application/zip"
        )
        filename = data_rights.export_filename(user=request.user)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # Private words: never kept by a browser or proxy cache.
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/export.html", {"form": form})


@login_required
@second_factor_if_enrolled
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthedRequest) -> HttpResponse:
    """The confirmation screen states the rule (PRODUCT.md); the password confirms it."""
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data_rights.account_delete(user=request.user)
        logout(request)
        messages.info(request, _("Your account is deleted. Your words left with you. Take care."))
        return redirect("landing")
    couple = request.user.active_couple
    partner = couple.partner_of(request.user) if couple else None
    return render(request, "accounts/delete.html", {"form": form, "partner": partner})
