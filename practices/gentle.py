"""Gentle start-up: a local, rule-based look at words before they are sent.

It only ever offers a tip in three small parts of our own: one moment, how it left you, and
what would help ("Yesterday at dinner… I felt… What would help me is…"). It runs only on the
steps content marks for coaching (a complaint or a request; `coach: true`). It never blocks,
never grades, and nothing it finds is stored or logged: the text and the tips live only for
the request that asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

SOFT_FORM = _("One moment · how it left you · what would help")


@dataclass(frozen=True)
class Tip:
    kind: str
    heard: str  # the words that prompted the tip, shown back only to the writer
    message: StrOrPromise
    example: StrOrPromise


_NAMES = (
    "idiot|stupid|selfish|lazy|pathetic|useless|worthless|crazy|psycho|jerk|loser|dumb|moron"
    "|liar|childish|immature|ridiculous|hopeless|incompetent|narcissist|bitch|asshole|bastard"
)

_RULES: list[tuple[str, re.Pattern[str], StrOrPromise, StrOrPromise]] = [
    (
        "absolute",
        re.compile(r"\byou(?:'re| are)?\s+(?:always|never)\b|\b(?:always|never)\s+do\b", re.I),
        _(
            "“Always” and “never” can sound like a verdict, and a verdict is hard to hear. "
            "Try naming one moment and how it felt."
        ),
        _(
            "Last night, when we didn't talk, I felt lonely. What would help me is a little time with you."
        ),
    ),
    (
        "name",
        re.compile(
            rf"\b(?:you(?:'re| are)\s+(?:so\s+|such\s+an?\s+|an?\s+)?)?(?:{_NAMES})\b", re.I
        ),
        _(
            "A name or label can sting and make listening hard. "
            "Try saying how the moment left you, and what would help."
        ),
        _("Just now, when that was said, I felt hurt. What would help me is slowing down."),
    ),
    (
        "contempt",
        re.compile(
            r"\b(?:whatever|grow up|get over it|what(?:'s| is) wrong with you|typical"
            r"|as usual|of course you|obviously you|you'?re just like|pathetic)\b|🙄|\*eye ?roll\*",
            re.I,
        ),
        _(
            "This might land as contempt, even if you don't mean it that way. "
            "Underneath there is often a hurt or a need. Can you name it?"
        ),
        _(
            "This came up again today and I felt worn out. "
            "What would help me is finding a way through together."
        ),
    ),
    (
        "sarcasm",
        re.compile(
            r"\b(?:yeah,? right|oh,? great|oh,? sure|thanks a lot|big surprise|nice job"
            r"|well done|good for you|how nice|what a surprise)\b|[?!]{3,}|\?!|“sorry”|\"sorry\"",
            re.I,
        ),
        _("Sarcasm can hide what you really feel. Saying it plainly is easier to hear."),
        _(
            "When our plans changed on Friday, I felt let down. "
            "What would help me is knowing they matter to you too."
        ),
    ),
    (
        "blame",
        re.compile(
            r"\b(?:why can'?t you|why do you|you should(?:n'?t)?|you made me|it'?s your fault)\b",
            re.I,
        ),
        _("Starting with “you” can feel like blame. Starting with “I” invites your partner in."),
        _(
            "This week, with the housework, I felt stretched thin. "
            "What would help me is sharing it differently."
        ),
    ),
]


def tips(text: str) -> list[Tip]:
    """At most one tip per kind of pattern, in a fixed order. Empty for gentle words."""
    found = []
    for kind, pattern, message, example in _RULES:
        match = pattern.search(text or "")
        if match:
            found.append(
                Tip(kind=kind, heard=match.group(0).strip(), message=message, example=example)
            )
    return found
