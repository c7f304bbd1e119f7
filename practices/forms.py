from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts.models import User
from couplesafe.content.schema import Step
from couplesafe.lib.formfields import NearDateTimeField
from practices import engine, scheduling
from practices.services import PracticeError

TEXT_MAX = 4000


class StartForm(forms.Form):
    topic = forms.CharField(
        label=_("What would you like to talk about?"),
        help_text=_(
            "A short title your partner will see, like “Weekend plans”. Both of you see it."
        ),
        max_length=120,
        error_messages={"required": _("Please give the conversation a short title.")},
    )
    first = forms.ChoiceField(
        label=_("Who speaks first?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who speaks first.")},
    )

    def __init__(self, *args: Any, user: User, partner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {"me": user, "partner": partner}
        first = self.fields["first"]
        assert isinstance(first, forms.ChoiceField)
        first.choices = [
            ("me", gettext("I'll speak first")),
            ("partner", gettext("%(name)s speaks first") % {"name": partner.display_name}),
        ]
        first.initial = "me"

    def sender(self) -> User:
        return self.people[self.cleaned_data["first"]]


class TurnForm(forms.Form):
    """One answer to the current step. Which fields matter depends on the step's input."""

    state_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label=_("Your words"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Please keep it under %(limit_value)d characters.")},
    )
    choice = forms.CharField(required=False, max_length=20)
    feelings = forms.MultipleChoiceField(
        label=_("Feeling words"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        step: Step,
        feeling_words: list[str] | None = None,
        spoken: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        self.kind = step.input
        # Together in one room the words are said aloud; typing is an optional note.
        # Private first writing stays written, also together.
        self.spoken = spoken and self.kind in {"text", "feelings"} and step.actor != "each_private"
        feelings = self.fields["feelings"]
        assert isinstance(feelings, forms.MultipleChoiceField)
        feelings.choices = [(w, w) for w in feeling_words or []]
        if self.kind == "feelings":
            self.fields["text"].label = "In your own words"
        text = self.fields["text"]
        # Keep what is being typed when the live region refreshes around it (the id changes
        # with each step visit, so a new step starts with an empty box).
        text.widget.attrs["hx-preserve"] = "true"
        if self.spoken:
            text.label = _("A short note to remember")
            text.widget.attrs["rows"] = 2
        elif self.kind == "text":
            text.required = True
            text.error_messages["required"] = _("Please write a few words before sending.")
        if step.coach and self.kind == "text":
            # Gentle start-up, only where content asks for it (a complaint or a request):
            # tips while writing (the "Check my wording" button without JS).
            text.widget.attrs.update(
                {
                    "hx-post": reverse("practices:gentle"),
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#gentle-tips",
                    "hx-swap": "innerHTML",
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        choice = data.get("choice") or ""
        allowed = [value for value, _ in engine.choices(self.step)]
        if self.spoken:
            pass
        elif self.kind == "text" and not text and "text" not in self.errors:
            self.add_error("text", _("Please write a few words before sending."))
        elif self.kind == "feelings" and not text and not data.get("feelings"):
            self.add_error(
                "feelings", gettext("Please pick at least one feeling word, or write your own.")
            )
        elif self.kind in {"confirm", "rating", "none"} and choice not in allowed:
            self.add_error(None, gettext("Please choose one of the answers."))
        return data

    def answer(self) -> tuple[str, str]:
        """(text, choice) to store."""
        text = (self.cleaned_data.get("text") or "").strip()
        if self.kind == "feelings":
            words = ", ".join(self.cleaned_data.get("feelings") or [])
            text = "\n".join(part for part in (words, text) if part)
        if self.kind in {"confirm", "rating", "none"}:
            return "", self.cleaned_data["choice"]
        return text, ""


class VersionForm(forms.Form):
    state_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SwitchForm(VersionForm):
    choice = forms.ChoiceField(choices=[("swap", "swap"), ("finish", "finish")])


PAUSE_CHOICES = [
    (20, _("20 minutes")),
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (120, _("2 hours")),
    (240, _("4 hours")),
    (1440, _("Tomorrow, in 24 hours")),
]


class PauseForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("When shall we come back?"),
        min_value=20,
        max_value=24 * 60,
        initial=20,
        widget=forms.RadioSelect(choices=PAUSE_CHOICES),
        error_messages={
            "required": _("Please choose when you'd like to come back."),
            "min_value": _("A break lasts at least 20 minutes, so there is time to calm down."),
            "max_value": _(
                "Please choose a time within 24 hours, so the conversation isn't left hanging."
            ),
            "invalid": _("Please choose when you'd like to come back."),
        },
    )


class ProposeForm(forms.Form):
    """A day and time, read on the typer's own clock (their profile's time zone)."""

    when = NearDateTimeField(
        label=_("Suggest a time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Please choose a day and time."),
            "invalid": _("Please choose a day and time, like 2026-12-03 19:30."),
        },
    )

    def __init__(self, *args: Any, tz_name: str = "", **kwargs: Any) -> None:
        # `tz_name` is the typer's zone for a form used outside a request (a test, a script);
        # in a request their zone is already the active one.
        super().__init__(*args, **kwargs)
        self.tz_name = tz_name

    def full_clean(self) -> None:
        if not self.tz_name:
            super().full_clean()
            return
        with timezone.override(self.tz_name):
            super().full_clean()

    def clean_when(self) -> dt.datetime:
        when: dt.datetime = self.cleaned_data["when"]
        try:
            scheduling.check_time(when)
        except PracticeError as error:
            raise forms.ValidationError(str(error)) from None
        return when


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your private note"),
        help_text=_("Only you can ever see this. Leave it empty to delete it."),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class PlanReminderForm(forms.Form):
    local_time = forms.TimeField(
        label=_("Remind me each day at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please give a time like 08:30.")},
    )


class GentleForm(forms.Form):
    text = forms.CharField(required=False, max_length=TEXT_MAX)
