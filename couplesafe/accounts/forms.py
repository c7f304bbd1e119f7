from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from couplesafe.accounts import throttling
from couplesafe.accounts.models import User
from couplesafe.accounts.names import clean_display_name
from couplesafe.lib import emails, language, throttle
from couplesafe.lib.tz import all_time_zones, is_valid_time_zone

NAME_REQUIRED = _("Please tell us what to call you.")
PASSWORD_HELP = _("At least 8 characters. A short sentence is easy to remember and hard to guess.")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in all_time_zones()]


class TimeZoneField(forms.ChoiceField):
    """An IANA zone from the list. With guess=True, app.js preselects the browser's zone
    (sign-up only: on the profile a deliberate choice of UTC must stay UTC)."""

    def __init__(self, *, guess: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"required": "Please choose your time zone from the list."}
        )
        super().__init__(choices=time_zone_choices, **kwargs)
        self.widget.attrs["autocomplete"] = "off"
        if guess:
            self.widget.attrs["data-guess-time-zone"] = "true"

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if not is_valid_time_zone(value):
            raise forms.ValidationError(
                _("Please choose your time zone from the list, for example Europe/Berlin."),
                code="invalid_time_zone",
            )


class LanguageField(forms.ChoiceField):
    """Always shown as a choice to make (never "optional"), but a post without it (an older
    page, a script) keeps what was there: the form's clean_language fills it in
    (`chosen_language`)."""

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


def language_field(**kwargs: Any) -> forms.ChoiceField:
    """The language CoupleSafe speaks to a person, each written in its own language."""
    return LanguageField(
        choices=settings.LANGUAGES,
        label=_("Language"),
        help_text=_("Pages, emails and notifications come in this language."),
        error_messages={"invalid_choice": _("Please choose a language from the list.")},
        **kwargs,
    )


def chosen_language(value: str, current: str | None = None) -> str:
    """The language posted, else the person's current one, else the one this request is in
    (the browser's, at sign-up)."""
    return value or current or language.from_request(None)


class SignupForm(forms.ModelForm[User]):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
        error_messages={"required": _("Please choose a password.")},
    )
    time_zone = TimeZoneField(
        guess=True,
        label=_("Your time zone"),
        initial="UTC",
        help_text=_("Reminders arrive at your own local time."),
    )
    language = language_field()

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone", "language"]
        labels = {"display_name": _("Your first name (your partner will see it)")}
        error_messages = {
            "display_name": {"required": NAME_REQUIRED},
            "email": {
                "required": _("Please enter your email address. It is how you log in."),
                "invalid": _("Please enter a whole email address, like name@example.com."),
            },
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        }

    def clean_email(self) -> str:
        # No "already taken" message: sign-up must not reveal who has an account
        # (accounts/signup_views.py emails the owner instead).
        return str(self.cleaned_data["email"]).strip().lower()

    def validate_unique(self) -> None:
        """Uniqueness is handled by the sign-up view without telling (see clean_email)."""

    def validate_constraints(self) -> None:
        """The case-insensitive email constraint likewise (the sign-up view branches first)."""

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def clean_language(self) -> str:
        return chosen_language(self.cleaned_data.get("language", ""))

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Please enter the email you signed up with."),
            "invalid": _("Please enter a whole email address, like name@example.com."),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password.")},
    )
    error_messages = {
        "invalid_login": (
            _("That email and password do not match an account. Please check both and try again.")
        ),
        "inactive": _("This account is switched off."),
    }


class ProfileForm(forms.ModelForm[User]):
    time_zone = TimeZoneField(
        label=_("Your time zone"), help_text=_("Reminders arrive at your own local time.")
    )
    language = language_field()

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "language"]
        labels = {"display_name": _("Your first name")}
        error_messages = {"display_name": {"required": NAME_REQUIRED}}

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def clean_language(self) -> str:
        return chosen_language(self.cleaned_data.get("language", ""), self.instance.language)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's email"),
        required=False,
        help_text=_("We send one short email with a link. Or leave this empty and share the code."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _(
                "That does not look like a whole email address. Please check it, "
                "or leave it empty and share the code instead."
            )
        },
    )


class InviteCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=12,
        help_text=_("Eight letters and numbers, for example ABCD-2345."),
        error_messages={"required": _("Please enter the code your partner gave you.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace("-", "").replace(" ", "").upper()
        if len(code) != 8:
            raise forms.ValidationError(
                _("A code has eight letters and numbers. Please check it and try again."),
                code="bad_code",
            )
        return code


class ConfirmPasswordForm(forms.Form):
    """Re-enter your password before something that cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password to confirm.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        check_reconfirm(self.user, password)
        return password


def check_reconfirm(user: User, password: str) -> None:
    """Re-entering one's own password, throttled like login: after AXES_FAILURE_LIMIT wrong
    tries the person waits (checked before hashing, so the pause also spares the server)."""
    limit, who = throttling.reconfirm_failures(), f"user:{user.pk}"
    if wait := throttle.blocked(limit, who):
        minutes = max(1, round(wait / 60))
        raise forms.ValidationError(
            ngettext(
                "That was several wrong passwords in a row, so we have paused this for about "
                "%(minutes)d minute. This keeps your account safe.",
                "That was several wrong passwords in a row, so we have paused this for about "
                "%(minutes)d minutes. This keeps your account safe.",
                minutes,
            )
            % {"minutes": minutes},
            code="reconfirm_paused",
        )
    if not user.check_password(password):
        throttle.hit(limit, who)
        raise forms.ValidationError(
            _("That password is not right. Please try again."), code="wrong_password"
        )


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Choosing a new password after a reset link: the short help instead of Django's list."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same. Please type them again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "The new password again"
        self.fields["new_password2"].help_text = ""


class ChangePasswordForm(PasswordChangeForm):  # type: ignore[type-arg]
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("That is not your current password. Please try again."),
        "password_mismatch": _("The two new passwords are not the same. Please type them again."),
    }

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        try:
            check_reconfirm(self.user, old_password)
        except forms.ValidationError as error:
            if error.code == "wrong_password":
                raise forms.ValidationError(
                    self.error_messages["password_incorrect"], code="password_incorrect"
                ) from error
            raise
        return old_password

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "The new password again"
        self.fields["new_password2"].help_text = ""


class ResetPasswordForm(PasswordResetForm):
    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Through the one outgoing path (recorded, sent by the outbox task), not Django's
        direct send inside the request."""
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        emails.send_password_reset(user=context["user"], reset_url=emails.absolute(path))
