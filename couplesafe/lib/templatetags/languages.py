"""Marking library words shown in English to a reader of another language (the visible
fallback of couplesafe/content/translations.py): the element gets `lang="en"` (screen
readers switch voice) and a short note in the reader's own language.

    {% load languages %}
    <h2{% english_if_untranslated step %}>{{ step.title }}</h2>{% untranslated_note step %}

`unit` is anything with a `fallback` flag: a typed step or practice, a card's `shown`, or a
dict from the library (a word group, a question, a mood). Words printed from Python (a
`content.models.ShownText`, a check-in question) go through `marked`, the same marking."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


def _is_fallback(unit: Any) -> bool:
    if isinstance(unit, dict):
        return bool(unit.get("fallback"))
    return bool(getattr(unit, "fallback", False))


@register.simple_tag
def english_if_untranslated(unit: Any) -> SafeString:
    return mark_safe(' lang="en"') if _is_fallback(unit) else mark_safe("")


@register.simple_tag
def untranslated_note(unit: Any) -> SafeString:
    if not _is_fallback(unit):
        return mark_safe("")
    return format_html(
        ' <span class="untranslated" lang="{}">({})</span>',
        get_language() or "en",
        gettext("Not yet translated"),
    )


def marked(text: str, *, fallback: bool) -> SafeString:
    """`text` as HTML: escaped, and when it is the English fallback, in a `lang="en"` span
    followed by the note."""
    if not fallback:
        return format_html("{}", text)
    return format_html('<span lang="en">{}</span>{}', text, untranslated_note({"fallback": True}))
