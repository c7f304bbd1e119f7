from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from couplesafe.accounts.forms import TimeZoneField, chosen_language, language_field
from couplesafe.accounts.models import User
from couplesafe.accounts.names import clean_display_name
from therapists.models import Homework

RITUALS = [("checkin", "Daily check-in (both of you)"), ("appreciation", "An appreciation")]


class TherapistSignupForm(forms.Form):
    display_name = forms.CharField(
        label="Your name (couples will see it)",
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    practice_name = forms.CharField(
        label="Practice name",
        max_length=120,
        error_messages={"required": "Please tell us the name of your practice."},
    )
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. You will also set up an authenticator app next.",
    )
    time_zone = TimeZoneField(
        guess=True,
        label="Your time zone",
        initial="UTC",
        help_text="Your daily digest follows it.",
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
        label="Code from your therapist",
        max_length=14,
        error_messages={"required": "Please type the code your therapist gave you."},
        help_text="Ten letters and numbers, for example ABCDE-23456.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace("-", "").replace(" ", "").upper()
        if len(code) != 10:
            raise forms.ValidationError(
                "The code has ten letters and numbers. Please check it and try again.",
                code="bad_code",
            )
        return code


class SharingForm(forms.Form):
    share_mood = forms.BooleanField(
        label="Share my mood trend (numbers 1 to 5, never my words)", required=False
    )


class ShareItemForm(forms.Form):
    kind = forms.ChoiceField(choices=[("conversation", ""), ("appreciation", ""), ("checkin", "")])
    item = forms.UUIDField()
    shared = forms.BooleanField(required=False)


class HomeworkForm(forms.Form):
    choice = forms.ChoiceField(
        label="What would you like them to try?",
        help_text="A practice, a daily ritual or a set of cards.",
        error_messages={
            "required": "Please choose a practice, a ritual or a card set.",
            "invalid_choice": "Please choose one from the list; that one is not available.",
        },
    )
    note = forms.CharField(
        label="A note for the couple",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both partners will see it on their home page.",
    )
    due_date = forms.DateField(
        label="Try it by",
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
            (Homework.Kind.PRACTICE, "Practices", practices),
            (Homework.Kind.RITUAL, "Daily rituals", RITUALS),
            (Homework.Kind.CARDS, "Card sets", decks),
        ):
            choices = []
            for key, title in options:
                value = f"{kind}:{key}"
                self.titles[value] = (str(kind), key, title)
                choices.append((value, title))
            if choices:
                groups.append((label, choices))
        choice = self.fields["choice"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", "Choose…"), *groups]

    def chosen(self) -> tuple[str, str, str]:
        return self.titles[self.cleaned_data["choice"]]


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Private note (only you will ever see it)",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write something first, then save the note."},
    )


class DigestForm(forms.Form):
    digest_enabled = forms.BooleanField(
        label="Email me a daily summary of homework done (no personal words)", required=False
    )


class DeckForm(forms.Form):
    title = forms.CharField(
        label="Name of the card set",
        max_length=120,
        error_messages={"required": "Please give the card set a name."},
    )
    description = forms.CharField(
        label="A line about it", max_length=300, required=False, widget=forms.TextInput()
    )
    category = forms.ChoiceField(
        label="What the cards are for",
        choices=[
            ("connect", "Connect: closeness, memories, play"),
            ("communicate", "Communicate: feelings, needs, listening"),
            ("create", "Create: dreams and plans together"),
        ],
    )
    cards = forms.CharField(
        label="Cards, one question per line",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Each line becomes one card. Between 1 and 60 cards.",
        error_messages={"required": "Please write at least one card."},
    )

    def clean_cards(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["cards"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError("Please write at least one card.", code="empty")
        if len(lines) > 60:
            raise forms.ValidationError("A set can have up to 60 cards.", code="too_many")
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError("Each card can be up to 300 characters.", code="too_long")
        return lines


class PracticeForm(forms.Form):
    title = forms.CharField(
        label="Name of the practice",
        max_length=120,
        error_messages={"required": "Please give the practice a name."},
    )
    kind = forms.ChoiceField(
        label="Kind of practice",
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
        label="In one sentence, what is it?",
        max_length=300,
        error_messages={"required": "Please write one sentence about it."},
    )
    for_whom = forms.CharField(
        label="When is it a good fit?",
        max_length=300,
        error_messages={"required": "Please say when it is a good fit."},
    )
    why = forms.CharField(
        label="Why it helps",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please say a few words about why it helps."},
    )
    minutes = forms.IntegerField(
        label="About how many minutes",
        min_value=1,
        max_value=240,
        initial=15,
        error_messages={"required": "Please give a rough number of minutes."},
    )
    steps = forms.CharField(
        label="Steps, one per line",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Write each step as “Title: what to do”. Both partners write their answer to each"
            " step in turn. Up to 12 steps."
        ),
        error_messages={"required": "Please write at least one step."},
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
            raise forms.ValidationError("Please write at least one step.", code="empty")
        if len(steps) > 12:
            raise forms.ValidationError("A practice can have up to 12 steps.", code="too_many")
        return steps
