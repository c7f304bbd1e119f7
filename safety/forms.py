from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safety import questions
from safety.models import SafetyPreferences


class CheckForm(forms.Form):
    """One radio group per question; every one may be left as "I'd rather not say"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions.QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=questions.ANSWERS,
                widget=forms.RadioSelect,
                initial=questions.PASS,
                error_messages={
                    "required": _("Please choose an answer, or “I'd rather not say”."),
                    "invalid_choice": _("Please choose one of the answers shown."),
                },
            )

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[q.key] for q in questions.QUESTIONS}


class MessageForm(forms.Form):
    therapist = forms.TypedChoiceField(
        label=_("To"),
        coerce=int,
        error_messages={"invalid_choice": _("Please choose your therapist from the list.")},
    )
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only your therapist will read this. Your partner is never told it exists."),
        error_messages={"max_length": _("Please keep it under %(limit_value)d characters.")},
    )
    include_check = forms.BooleanField(
        label=_("Include the result of my latest safety check"), required=False
    )

    def __init__(self, *args: Any, therapists: list[Any], has_check: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].choices = [(t.pk, t.display_name) for t in therapists]  # type: ignore[attr-defined]
        if len(therapists) == 1:
            self.fields["therapist"].initial = therapists[0].pk
            self.fields["therapist"].widget = forms.HiddenInput()
        if not has_check:
            del self.fields["include_check"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("include_check"):
            raise forms.ValidationError(
                _("Write a few words, or tick the box to send your check's result.")
            )
        return data


class PreferencesForm(forms.ModelForm[SafetyPreferences]):
    class Meta:
        model = SafetyPreferences
        fields = ["discreet_email", "idle_minutes"]
        labels = {
            "discreet_email": _("Discreet emails and notifications"),
            "idle_minutes": _("Sign me out"),
        }
        help_texts = {
            "discreet_email": _(
                "Emails come from “A note from your practice app”, with a plain subject and "
                "without your partner's name. Notifications on your devices say only "
                "“Something is waiting for you” (your phone may still show the website's "
                "address beside them)."
            ),
            "idle_minutes": _("Useful on a phone or computer someone else may pick up."),
        }
        widgets = {"idle_minutes": forms.RadioSelect}
