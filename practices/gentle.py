"""Gentle start-up: a local, rule-based look at words before they are sent.

It only ever offers a tip in "I feel … about … and I need …" form. It never blocks, never
grades, and nothing it finds is stored or logged: the text and the tips live only for the
request that asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOFT_FORM = "I feel … about … and I need …"


@dataclass(frozen=True)
class Tip:
    kind: str
    heard: str  # the words that prompted the tip, shown back only to the writer
    message: str
    example: str


_NAMES = (
    "idiot|stupid|selfish|lazy|pathetic|useless|worthless|crazy|psycho|jerk|loser|dumb|moron"
    "|liar|childish|immature|ridiculous|hopeless|incompetent|narcissist|bitch|asshole|bastard"
)

_RULES: list[tuple[str, re.Pattern[str], str, str]] = [
    (
        "absolute",
        re.compile(r"\byou(?:'re| are)?\s+(?:always|never)\b|\b(?:always|never)\s+do\b", re.I),
        "“Always” and “never” can sound like a verdict, and a verdict is hard to hear. "
        "Try naming one moment and how it felt.",
        "I feel lonely about last night, when we didn't talk, and I need a little time with you.",
    ),
    (
        "name",
        re.compile(
            rf"\b(?:you(?:'re| are)\s+(?:so\s+|such\s+an?\s+|an?\s+)?)?(?:{_NAMES})\b", re.I
        ),
        "A name or label can sting and make listening hard. "
        "Try saying what you feel and what you need instead.",
        "I feel hurt about what happened, and I need us to slow down.",
    ),
    (
        "contempt",
        re.compile(
            r"\b(?:whatever|grow up|get over it|what(?:'s| is) wrong with you|typical"
            r"|as usual|of course you|obviously you|you'?re just like|pathetic)\b|🙄|\*eye ?roll\*",
            re.I,
        ),
        "This might land as contempt, even if you don't mean it that way. "
        "Underneath there is often a hurt or a need. Can you name it?",
        "I feel worn out about how often this comes up, and I need us to find a way through together.",
    ),
    (
        "sarcasm",
        re.compile(
            r"\b(?:yeah,? right|oh,? great|oh,? sure|thanks a lot|big surprise|nice job"
            r"|well done|good for you|how nice|what a surprise)\b|[?!]{3,}|\?!|“sorry”|\"sorry\"",
            re.I,
        ),
        "Sarcasm can hide what you really feel. Saying it plainly is easier to hear.",
        "I feel disappointed about the plans we made, and I need to know they matter to you too.",
    ),
    (
        "blame",
        re.compile(
            r"\b(?:why can'?t you|why do you|you should(?:n'?t)?|you made me|it'?s your fault)\b",
            re.I,
        ),
        "Starting with “you” can feel like blame. Starting with “I” invites your partner in.",
        "I feel stretched thin about the housework, and I need us to share it differently.",
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
