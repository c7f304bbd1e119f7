"""The private safety check: five questions in our own words.

Their shape follows validated brief screens for relationship safety (feeling afraid of the
partner; being hurt; threatened; controlled or checked on; pushed into something unwanted),
each answered on a short scale, with "I'd rather not say" always there. The answers are a
prompt to offer help, not a diagnosis, and the pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise as Promise

NO = "no"
SOMETIMES = "sometimes"
YES = "yes"
PASS = "pass"

ANSWERS: list[tuple[str, Promise]] = [
    (NO, _("No")),
    (SOMETIMES, _("Sometimes")),
    (YES, _("Yes, often")),
    (PASS, _("I'd rather not say")),
]


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise


QUESTIONS: list[Question] = [
    Question(
        "afraid", _("Lately, have you felt afraid of your partner, or of what they might do?")
    ),
    Question(
        "hurt",
        _("Has your partner hit, shoved, grabbed or hurt your body in any way?"),
    ),
    Question(
        "threatened",
        _(
            "Has your partner threatened to hurt you, someone you love, a pet, or themselves, "
            "or shouted at you in a way that frightened you?"
        ),
    ),
    Question(
        "controlled",
        _(
            "Does your partner decide who you may see, where you may go or what you may spend, "
            "or check your phone and messages without your agreement?"
        ),
    ),
    Question(
        "forced",
        _(
            "Has your partner pushed or forced you into something sexual, or anything else, "
            "that you did not want?"
        ),
    ),
]

CLEAR = "clear"
UNSURE = "unsure"
CONCERN = "concern"


def result_of(answers: dict[str, str]) -> str:
    """`concern` when any answer is "sometimes" or "yes"; `unsure` when nothing signals
    danger but some questions were passed; else `clear`."""
    given = [answers.get(q.key, PASS) for q in QUESTIONS]
    if any(a in (SOMETIMES, YES) for a in given):
        return CONCERN
    if any(a == PASS for a in given):
        return UNSURE
    return CLEAR


def labelled(answers: dict[str, str]) -> list[tuple[str, str]]:
    """(question, answer) in words, for the person's own pages, export and — only when they
    send it — their therapist."""
    names = dict(ANSWERS)
    return [(str(q.text), str(names.get(answers.get(q.key, PASS), names[PASS]))) for q in QUESTIONS]
