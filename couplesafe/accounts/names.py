"""Display names: what a partner and a therapist see, in pages, emails and the CSV export.

One rule for every form that sets a name. A name is trimmed and put into Unicode's composed
form (NFC). Refused, each with a kind message: control characters (line breaks and tabs broke
email headers with a 500), bidirectional overrides and isolates (they can make a name read
backwards or disguise it), and names made only of invisible characters.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Explicit embeddings, overrides and isolates (Unicode TR9); LRM/RLM marks are allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

NAME_EMPTY = _("Please tell us what to call you.")
NAME_CONTROL = _("Please write your name on one line, without tabs or special control keys.")
NAME_BIDI = _(
    "Your name has a hidden character that changes the reading direction. "
    "Please type it again without it."
)
NAME_INVISIBLE = _("Your name seems to be made only of invisible characters. Please type a name.")


def clean_display_name(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise forms.ValidationError(NAME_EMPTY, code="required")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise forms.ValidationError(NAME_CONTROL, code="control_character")
    if any(char in BIDI_CONTROLS for char in name):
        raise forms.ValidationError(NAME_BIDI, code="bidi_control")
    visible = [
        char
        for char in name
        if unicodedata.category(char) not in {"Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
    ]
    if not visible:
        raise forms.ValidationError(NAME_INVISIBLE, code="invisible")
    return name
