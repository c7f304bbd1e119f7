from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts.forms import TimeZoneField, chosen_language, language_field
from couplesafe.accounts.models import User
from couplesafe.accounts.names import clean_display_name
from therapists.models import Homework

RITUALS = [("checkin", _("Daily check-in (both of you)")), ("appreciation", _("An appreciation"))]


class TherapistSignupForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name (couples will see it)"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    practice_name = forms.CharField(
        label=_("Practice name"),
        max_length=120,
        error_messages={"required": _("Please tell us the name of your practice.")},
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. You will also set up an authenticator app next."),
    )
    time_zone = TimeZoneField(
        guess=True,
        label=_("Your time zone"),
        initial="UTC",
        help_text=_("Your daily digest follows it."),
    )
    language = language_field()

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def clean_language(self) -> str:
        return chosen_language(self.cleaned_data.get("language", ""))

    def clean_email(self) -> str:
        # No "already taken" message: sign-up never reveals who has an account
        # (couplesafe/accounts/signup_views.py emails the owner instead).
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            probe = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your therapist"),
        max_length=14,
        error_messages={"required": _("Please type the code your therapist gave you.")},
        help_text=_("Ten letters and numbers, for example ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace("-", "").replace(" ", "").upper()
        if len(code) != 10:
            raise forms.ValidationError(
                _("The code has ten letters and numbers. Please check it and try again."),
                code="bad_code",
            )
        return code


class SharingForm(forms.Form):
    share_mood = forms.BooleanField(
        label=_("Share my mood trend (numbers 1 to 5, never my words)"), required=False
    )


class ShareItemForm(forms.Form):
    kind = forms.ChoiceField(choices=[("conversation", ""), ("appreciation", ""), ("checkin", "")])
    item = forms.UUIDField()
    shared = forms.BooleanField(required=False)


class HomeworkForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What would you like them to try?"),
        help_text=_("A practice, a daily ritual or a set of cards."),
        error_messages={
            "required": _("Please choose a practice, a ritual or a card set."),
            "invalid_choice": _("Please choose one from the list; that one is not available."),
        },
    )
    note = forms.CharField(
        label=_("A note for the couple"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Both partners will see it on their home page."),
    )
    due_date = forms.DateField(
        label=_("Try it by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self,
        *args: Any,
        practices: list[tuple[str, str]],
        decks: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.titles: dict[str, tuple[str, str, str]] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for kind, label, options in (
            (Homework.Kind.PRACTICE, _("Practices"), practices),
            (Homework.Kind.RITUAL, _("Daily rituals"), RITUALS),
            (Homework.Kind.CARDS, _("Card sets"), decks),
        ):
            choices = []
            for key, title in options:
                value = f"{kind}:{key}"
                self.titles[value] = (str(kind), key, str(title))
                choices.append((value, str(title)))
            if choices:
                groups.append((str(label), choices))
        choice = self.fields["choice"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("Choose…")), *groups]

    def chosen(self) -> tuple[str, str, str]:
        return self.titles[self.cleaned_data["choice"]]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note (only you will ever see it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something first, then save the note.")},
    )


class DigestForm(forms.Form):
    digest_enabled = forms.BooleanField(
        label=_("Email me a daily summary of homework done (no personal words)"), required=False
    )


class DeckForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the card set"),
        max_length=120,
        error_messages={"required": _("Please give the card set a name.")},
    )
    description = forms.CharField(
        label=_("A line about it"), max_length=300, required=False, widget=forms.TextInput()
    )
    category = forms.ChoiceField(
        label=_("What the cards are for"),
        choices=[
            ("connect", "Connect: closeness, memories, play"),
            ("communicate", "Communicate: feelings, needs, listening"),
            ("create", "Create: dreams and plans together"),
        ],
    )
    cards = forms.CharField(
        label=_("Cards, one question per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Each line becomes one card. Between 1 and 60 cards."),
        error_messages={"required": _("Please write at least one card.")},
    )

    def clean_cards(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["cards"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Please write at least one card."), code="empty")
        if len(lines) > 60:
            raise forms.ValidationError(_("A set can have up to 60 cards."), code="too_many")
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError(
                _("Each card can be up to 300 characters."), code="too_long"
            )
        return lines


class PracticeForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the practice"),
        max_length=120,
        error_messages={"required": _("Please give the practice a name.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of practice"),
        choices=[
            ("dialogue", "Dialogue"),
            ("repair", "Repair"),
            ("validation", "Validation"),
            ("appreciation", "Appreciation"),
            ("encounter", "Encounter"),
            ("check-in", "Check-in"),
        ],
    )
    summary = forms.CharField(
        label=_("In one sentence, what is it?"),
        max_length=300,
        error_messages={"required": _("Please write one sentence about it.")},
    )
    for_whom = forms.CharField(
        label=_("When is it a good fit?"),
        max_length=300,
        error_messages={"required": _("Please say when it is a good fit.")},
    )
    why = forms.CharField(
        label=_("Why it helps"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say a few words about why it helps.")},
    )
    minutes = forms.IntegerField(
        label=_("About how many minutes"),
        min_value=1,
        max_value=240,
        initial=15,
        error_messages={"required": _("Please give a rough number of minutes.")},
    )
    steps = forms.CharField(
        label=_("Steps, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            _(
                "Write each step as “Title: what to do”. Both partners write their answer to each"
                " step in turn. Up to 12 steps."
            )
        ),
        error_messages={"required": _("Please write at least one step.")},
    )

    def clean_steps(self) -> list[tuple[str, str]]:
        steps: list[tuple[str, str]] = []
        for number, line in enumerate(
            (line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()),
            start=1,
        ):
            title, sep, instructions = line.partition(":")
            if not sep or not instructions.strip():
                title, instructions = f"Step {number}", line
            steps.append((title.strip()[:80], instructions.strip()[:600]))
        if not steps:
            raise forms.ValidationError(_("Please write at least one step."), code="empty")
        if len(steps) > 12:
            raise forms.ValidationError(_("A practice can have up to 12 steps."), code="too_many")
        return steps
