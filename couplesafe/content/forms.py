"""Filters for the library and the deck, and the small forms behind the card buttons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from couplesafe.content.models import CardMark, Item

KIND_LABELS = {
    "dialogue": _("Dialogue"),
    "repair": _("Repair"),
    "validation": _("Validation"),
    "appreciation": _("Appreciation"),
    "encounter": _("Encounter"),
    "check-in": _("Check-in"),
}
TIME_CHOICES = [("", _("Any length")), ("15", _("Up to 15 minutes")), ("30", _("Up to 30 minutes"))]
CATEGORY_CHOICES = [
    ("", _("Any kind of card")),
    ("connect", _("Connect")),
    ("communicate", _("Communicate")),
    ("create", _("Create")),
]
# A first draw starts light (an easy way in); "Any depth" stays one choice away.
DEPTH_CHOICES = [
    ("light", _("Start light")),
    ("deeper", _("Deeper")),
    ("tender", _("Tender")),
    ("", _("Any depth")),
]


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of practice"), required=False)
    time = forms.ChoiceField(label=_("Time you have"), required=False, choices=TIME_CHOICES)

    def __init__(self, *args: object, kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("All kinds"))] + [  # type: ignore[attr-defined]
            (kind, KIND_LABELS.get(kind, kind.title())) for kind in kinds
        ]


class DrawForm(forms.Form):
    deck = forms.ChoiceField(label=_("Cards from"), required=False)
    category = forms.ChoiceField(label=_("Kind of card"), required=False, choices=CATEGORY_CHOICES)
    depth = forms.ChoiceField(
        label=_("Depth"), required=False, choices=DEPTH_CHOICES, initial="light"
    )

    def __init__(self, *args: Any, decks: list[Item], **kwargs: Any) -> None:
        """`decks`: the published decks the person may see. The choice appears only when
        there is more than one (a therapist added their own card set)."""
        super().__init__(*args, **kwargs)
        self.decks = {str(deck.public_id): deck for deck in decks}
        if len(decks) > 1:
            self.fields["deck"].choices = [("", "All our cards")] + [  # type: ignore[attr-defined]
                (str(deck.public_id), deck.title) for deck in decks
            ]
        else:
            del self.fields["deck"]

    def filters(self) -> dict[str, Any]:
        """The cleaned choices as card_draw arguments."""
        data = dict(self.cleaned_data)
        data["deck"] = self.decks.get(data.pop("deck", "") or "")
        return data


class NextForm(forms.Form):
    """ "Next card": the card the couple just talked about, marked so before the next draw."""

    talked = forms.UUIDField(required=False)


class MarkForm(forms.Form):
    kind = forms.ChoiceField(choices=CardMark.Kind.choices)
    on = forms.TypedChoiceField(choices=[("1", "Set"), ("0", "Clear")], coerce=lambda v: v == "1")
