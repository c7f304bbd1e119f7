"""Sign-up that does not reveal who has an account, and email confirmation.

Whatever address is typed, the answer is the same page ("we sent you a link"), after the same
password hashing work. A new address gets a new account and a confirmation link; an address
that already has an account gets an email saying so (with log-in and reset links), and nothing
is created. Until the link is opened no reminder, conversation invitation or digest is emailed
to the address and the person cannot email invitations from it (they can log in and use codes).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from couplesafe.accounts import throttling
from couplesafe.accounts.forms import SignupForm
from couplesafe.accounts.models import User
from couplesafe.lib import emails, language, throttle
from couplesafe.lib.http import AuthedRequest

CONFIRM_SALT = "couplesafe.accounts.email-confirmation"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
SIGNUP_EMAIL_SESSION_KEY = "signup_email"


def confirmation_token(user: User) -> str:
    """Signed (SECRET_KEY) and bound to the address: a changed address voids older links."""
    return signing.dumps({"u": str(user.public_id), "e": user.email}, salt=CONFIRM_SALT)


def _user_from_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(public_id=data.get("u"), email=data.get("e")).first()


def send_confirmation(user: User) -> None:
    url = emails.absolute(reverse("accounts:confirm-email", args=[confirmation_token(user)]))
    emails.send_email_confirmation(
        to=user.email, name=user.display_name, confirm_url=url, language=user.language
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    from couplesafe.accounts.views import _pending_invite

    if request.user.is_authenticated:
        return redirect("home")
    invite = _pending_invite(request)
    # Arriving through an emailed invite: the address it was sent to is the likely login.
    initial = {"email": invite.email} if invite and invite.email else {}
    initial["language"] = language.from_request(request)
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and (wait := throttling.password_check_wait(request)):
        return throttling.slow_down(request, wait)
    if request.method == "POST" and form.is_valid():
        return signup_answer(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            create=form.save,
            chosen_language=form.cleaned_data["language"],
        )
    return render(request, "accounts/signup.html", {"form": form, "invite": invite})


def signup_answer(
    request: HttpRequest,
    *,
    email: str,
    password: str,
    create: Callable[[], User],
    chosen_language: str = "",
) -> HttpResponse:
    """The one answer to a valid sign-up form, for partners and therapists alike: a new
    address gets an account and a confirmation link, a taken one an email to its owner; the
    page and the work done are the same either way."""
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        # The same hashing work as a new account, so the answer's timing says nothing.
        make_password(password)
        emails.send_signup_existing(
            to=email,
            login_url=emails.absolute(reverse("accounts:login")),
            reset_url=emails.absolute(reverse("accounts:password-reset")),
            language=owner.language,
        )
    else:
        send_confirmation(create())
    request.session[SIGNUP_EMAIL_SESSION_KEY] = email
    response = redirect("accounts:signup-sent")
    if code := language.supported(chosen_language):
        # "We sent you a link" and the log-in page come in the language just chosen.
        language.remember(response, code)
    return response


@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    return render(request, "accounts/signup_sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links), POST confirms and logs in once."""
    from couplesafe.accounts.views import _after_login_url

    user = _user_from_token(token)
    if user is None:
        raise Http404
    if user.email_verified:
        messages.info(request, _("Your email address is already confirmed. Please log in."))
        return redirect("home" if request.user.is_authenticated else "accounts:login")
    if request.method == "POST":
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop(SIGNUP_EMAIL_SESSION_KEY, None)
        messages.success(request, _("Thank you, your email address is confirmed. Welcome."))
        if user.is_therapist:  # two-step sign-in comes next (served by the therapists app)
            return redirect(settings.THERAPIST_START_URL_NAME)
        return redirect(_after_login_url(request))
    return render(request, "accounts/confirm_email.html", {"person": user})


@login_required
@require_http_methods(["POST"])
def confirm_resend(request: AuthedRequest) -> HttpResponse:
    if request.user.email_verified:
        return redirect("home")
    if throttle.hit(throttle.Limit("confirm-resend", 3, 60 * 60), f"user:{request.user.pk}"):
        messages.info(
            request, _("We have sent several links already. Please look in your spam folder too.")
        )
    else:
        send_confirmation(request.user)
        messages.success(request, _("We sent you a new link. It works for seven days."))
    return redirect("home")
