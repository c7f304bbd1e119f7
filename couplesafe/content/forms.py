"""Filters for the library and the deck, and the small forms behind the card buttons."""

from __future__ import annotations

from django import forms

from couplesafe.content.models import CardMark

KIND_LABELS = {
    "dialogue": "Dialogue",
    "repair": "Repair",
    "validation": "Validation",
    "appreciation": "Appreciation",
    "encounter": "Encounter",
    "check-in": "Check-in",
}
TIME_CHOICES = [("", "Any length"), ("15", "Up to 15 minutes"), ("30", "Up to 30 minutes")]
CATEGORY_CHOICES = [
    ("", "Any kind of card"),
    ("connect", "Connect"),
    ("communicate", "Communicate"),
    ("create", "Create"),
]
DEPTH_CHOICES = [
    ("", "Any depth"),
    ("light", "Light"),
    ("deeper", "Deeper"),
    ("tender", "Tender"),
]


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of practice", required=False)
    time = forms.ChoiceField(label="Time you have", required=False, choices=TIME_CHOICES)

    def __init__(self, *args: object, kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", "All kinds")] + [  # type: ignore[attr-defined]
            (kind, KIND_LABELS.get(kind, kind.title())) for kind in kinds
        ]


class DrawForm(forms.Form):
    category = forms.ChoiceField(label="Kind of card", required=False, choices=CATEGORY_CHOICES)
    depth = forms.ChoiceField(label="Depth", required=False, choices=DEPTH_CHOICES)


class MarkForm(forms.Form):
    kind = forms.ChoiceField(choices=CardMark.Kind.choices)
    on = forms.TypedChoiceField(choices=[("1", "Set"), ("0", "Clear")], coerce=lambda v: v == "1")
