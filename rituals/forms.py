from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from couplesafe.lib.formfields import NearDateField
from rituals.content import mood_choice
from rituals.models import WEEKDAY_NAMES, ReminderSchedule

MAX_FEELINGS = 3


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How are you today?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the word closest to how you are today.")},
    )
    feelings = forms.MultipleChoiceField(
        label=_("Up to three feeling words"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    space_text = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need_text = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    private = forms.BooleanField(
        required=False,
        label=_("Keep today's check-in private"),
        help_text=_("Your partner will see only that you checked in today."),
    )

    def __init__(
        self,
        *args: Any,
        mood_scale: list[dict[str, Any]],
        feeling_groups: list[dict[str, Any]],
        questions: tuple[Any, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mood_scale = mood_scale
        self.feeling_groups = feeling_groups
        mood_field: forms.TypedChoiceField = self.fields["mood"]  # type: ignore[assignment]
        mood_field.choices = [(int(step["value"]), mood_choice(step)) for step in mood_scale]
        feelings_field: forms.MultipleChoiceField = self.fields["feelings"]  # type: ignore[assignment]
        feelings_field.choices = [
            (word, word) for group in feeling_groups for word in group.get("words", [])
        ]
        self.fields["space_text"].label = questions[0]
        self.fields["need_text"].label = questions[1]
        self.fields["space_text"].error_messages["max_length"] = (
            "Please keep this to 500 characters or fewer — a few words are plenty."
        )
        self.fields["need_text"].error_messages["max_length"] = (
            "Please keep this to 300 characters or fewer."
        )

    def clean_feelings(self) -> list[str]:
        chosen: list[str] = self.cleaned_data.get("feelings") or []
        if len(chosen) > MAX_FEELINGS:
            raise forms.ValidationError(
                ngettext(
                    "You chose %(count)d feeling word. Please keep the three that fit best.",
                    "You chose %(count)d feeling words. Please keep the three that fit best.",
                    len(chosen),
                )
                % {"count": len(chosen)},
                code="too_many_feelings",
            )
        return chosen

    def grouped_feelings(self) -> list[dict[str, Any]]:
        """The feeling checkboxes by group, for the template (each group its own fieldset)."""
        selected = set(self["feelings"].value() or [])
        return [
            {
                "key": group["key"],
                "label": group["label"],
                "fallback": bool(group.get("fallback")),
                "words": [
                    {
                        "word": word,
                        "id": f"feeling-{group['key']}-{index}",
                        "checked": word in selected,
                    }
                    for index, word in enumerate(group.get("words", []))
                ],
            }
            for group in self.feeling_groups
        ]


class AppreciationForm(forms.Form):
    text = forms.CharField(
        label=_("What did they do, and what did it mean to you?"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Specific is kind: “When you … it meant … to me.”"),
        error_messages={
            "required": _("Write a few words about what they did and what it meant to you."),
            "max_length": _("Please keep it to 600 characters or fewer."),
        },
    )


class AppreciationResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write a short answer — even “Thank you, that means a lot” is plenty."),
            "max_length": _("Please keep your answer to 280 characters or fewer."),
        },
    )


class ReminderSettingsForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label=_("Send me a reminder"),
        coerce=lambda value: value == "on",
        choices=[("on", _("On")), ("off", _("Off"))],
        widget=forms.RadioSelect,
        initial="on",
    )
    local_time = forms.TimeField(
        label=_("At what time (your local time)?"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please enter a time like 20:00.")},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On which days?"),
        coerce=int,
        choices=list(enumerate(WEEKDAY_NAMES)),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("How should it reach you?"),
        choices=ReminderSchedule.Channel.choices,
        widget=forms.RadioSelect,
        initial=ReminderSchedule.Channel.EMAIL,
        required=False,  # a form from before this choice existed keeps email
        help_text=_(
            "Notifications go to the devices you turned them on for in Settings → "
            "Notifications. With no device yet, the reminder comes by email."
        ),
    )
    paused_until = NearDateField(
        label=_("Pause until (for a holiday, say)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("No reminders up to and including this day. Leave empty for no pause."),
        error_messages={"invalid": _("Please enter a date like 2026-08-31.")},
    )

    def clean_channel(self) -> str:
        return self.cleaned_data.get("channel") or ReminderSchedule.Channel.EMAIL

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_paused_until(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("paused_until")
        if value is not None and value < self.today:
            raise forms.ValidationError(
                _("That day has already passed. Choose a future day, or leave it empty."),
                code="pause_in_past",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("weekdays"):
            self.add_error(
                "weekdays",
                _("Choose at least one day, or turn the reminder off."),
            )
        return cleaned
