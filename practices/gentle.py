"""Gentle start-up: a local, rule-based look at words before they are sent.

It reads the words with the patterns of the language the person writes in (their chosen
language: English, Spanish or German; `_PATTERNS`, the one place). It only ever offers a
tip in three small parts of our own: one moment, how it left you, and
what would help ("Yesterday at dinner… I felt… What would help me is…"). It runs only on the
steps content marks for coaching (a complaint or a request; `coach: true`). It never blocks,
never grades, and nothing it finds is stored or logged: the text and the tips live only for
the request that asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import language as languages

StrOrPromise = str | Promise

SOFT_FORM = _("One moment · how it left you · what would help")


@dataclass(frozen=True)
class Tip:
    kind: str
    heard: str  # the words that prompted the tip, shown back only to the writer
    message: StrOrPromise
    example: StrOrPromise


# What each kind of tip says (the same in every language, through the catalogs).
_ADVICE: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "absolute": (
        _(
            "“Always” and “never” can sound like a verdict, and a verdict is hard to hear. "
            "Try naming one moment and how it felt."
        ),
        _(
            "Last night, when we didn't talk, I felt lonely. What would help me is a little time with you."
        ),
    ),
    "name": (
        _(
            "A name or label can sting and make listening hard. "
            "Try saying how the moment left you, and what would help."
        ),
        _("Just now, when that was said, I felt hurt. What would help me is slowing down."),
    ),
    "contempt": (
        _(
            "This might land as contempt, even if you don't mean it that way. "
            "Underneath there is often a hurt or a need. Can you name it?"
        ),
        _(
            "This came up again today and I felt worn out. "
            "What would help me is finding a way through together."
        ),
    ),
    "sarcasm": (
        _("Sarcasm can hide what you really feel. Saying it plainly is easier to hear."),
        _(
            "When our plans changed on Friday, I felt let down. "
            "What would help me is knowing they matter to you too."
        ),
    ),
    "blame": (
        _("Starting with “you” can feel like blame. Starting with “I” invites your partner in."),
        _(
            "This week, with the housework, I felt stretched thin. "
            "What would help me is sharing it differently."
        ),
    ),
}

# Signs that read the same in every language: an eye-roll, a pile of ?!.
_EYE_ROLL = r"|🙄|\*eye ?roll\*"
_PUNCTUATION = r"|[?!]{3,}|\?!|“sorry”|\"sorry\""


def _patterns(**sources: str) -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(source, re.I) for kind, source in sources.items()}


_EN_NAMES = (
    "idiot|stupid|selfish|lazy|pathetic|useless|worthless|crazy|psycho|jerk|loser|dumb|moron"
    "|liar|childish|immature|ridiculous|hopeless|incompetent|narcissist|bitch|asshole|bastard"
)
_ES_NAMES = (
    "idiota|estúpid[oa]|egoísta|vag[oa]|patétic[oa]|inútil|imbécil|tont[oa]|psicópata"
    "|mentiros[oa]|infantil|inmadur[oa]|ridícul[oa]|incompetente|narcisista|perdedor[a]?"
    "|cabr[oó]n(?:a)?|gilipollas|pendej[oa]|desgraciad[oa]|zorra"
)
_DE_NAMES = (
    "idiot(?:in)?|dumm|blöd|egoistisch|egoist(?:in)?|faul|erbärmlich|nutzlos|wertlos"
    "|verrückt|psycho|trottel|versager(?:in)?|lügner(?:in)?|kindisch|unreif|lächerlich"
    "|hoffnungslos|inkompetent|narzisst(?:in)?|arschloch|schlampe|bastard|depp"
)

# The patterns of each shipped language, by kind of tip. A person's words are read with the
# patterns of the language they write in (their chosen language), never with another's.
_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "en": _patterns(
        absolute=r"\byou(?:'re| are)?\s+(?:always|never)\b|\b(?:always|never)\s+do\b",
        name=rf"\b(?:you(?:'re| are)\s+(?:so\s+|such\s+an?\s+|an?\s+)?)?(?:{_EN_NAMES})\b",
        contempt=r"\b(?:whatever|grow up|get over it|what(?:'s| is) wrong with you|typical"
        r"|as usual|of course you|obviously you|you'?re just like|pathetic)\b" + _EYE_ROLL,
        sarcasm=r"\b(?:yeah,? right|oh,? great|oh,? sure|thanks a lot|big surprise|nice job"
        r"|well done|good for you|how nice|what a surprise)\b" + _PUNCTUATION,
        blame=r"\b(?:why can'?t you|why do you|you should(?:n'?t)?|you made me|it'?s your fault)\b",
    ),
    "es": _patterns(
        # "(Tú) siempre/nunca" before a verb said to "you" (-as, -es): "nunca me escuchas".
        absolute=r"\b(?:siempre|nunca|jamás)\s+(?:(?:me|te|lo|la|le|nos|se)\s+)?"
        r"(?!antes\b|entonces\b|veces\b)\w+(?:as|es|ás|és)\b"
        r"|\btú\s+(?:siempre|nunca|jamás)\b",
        name=rf"\b(?:eres\s+(?:tan\s+|muy\s+|una?\s+)?)?(?:{_ES_NAMES})(?!\w)",
        contempt=r"\b(?:lo que sea|madura|supéralo|qu[eé] te pasa|típico|típica|como siempre"
        r"|claro,? tú|obviamente tú|eres igual que)(?!\w)" + _EYE_ROLL,
        sarcasm=r"\b(?:sí,? claro|ah,? genial|oh,? genial|pues qué bien|muchas gracias,? eh"
        r"|menuda sorpresa|qué sorpresa|bien hecho|felicidades,? eh)(?!\w)" + _PUNCTUATION,
        blame=r"\b(?:por qué no puedes|por qué (?:siempre )?tienes que|deberías|no deberías"
        r"|me hiciste|me haces|es tu culpa|por tu culpa)(?!\w)",
    ),
    "de": _patterns(
        # "Du … immer/nie" and "Immer/Nie … du": "du hörst nie zu", "immer musst du".
        absolute=r"\bdu\s+(?:\w+\s+){0,2}(?:immer|nie|niemals)\b"
        r"|\b(?:immer|nie|niemals)\s+\w+s?t\s+du\b",
        name=rf"\b(?:du\s+bist\s+(?:so\s+|so\s+eine?\s+|eine?\s+)?)?(?:{_DE_NAMES})\b",
        contempt=r"\b(?:ist mir (?:doch )?egal|was auch immer|werd(?:e)? erwachsen"
        r"|komm drüber weg|was ist los mit dir|was stimmt nicht mit dir|typisch|wie immer"
        r"|natürlich du|du bist genau wie)\b" + _EYE_ROLL,
        sarcasm=r"\b(?:ja,? klar|na,? toll|oh,? toll|oh,? super|danke auch|vielen dank auch"
        r"|was für eine überraschung|welche überraschung|gut gemacht|schön für dich)\b"
        + _PUNCTUATION,
        blame=r"\b(?:warum kannst du nicht|wieso kannst du nicht|warum machst du|du solltest"
        r"|du hättest|wegen dir|das ist deine schuld|deine schuld)\b",
    ),
}

KINDS = tuple(_ADVICE)  # the order tips come in


def tips(text: str, *, language: str | None = None) -> list[Tip]:
    """At most one tip per kind of pattern, in a fixed order, read with the patterns of the
    writer's `language` (default: the one active now; English for one without patterns of
    its own). Empty for gentle words."""
    code = languages.supported(language or translation.get_language()) or "en"
    patterns = _PATTERNS.get(code, _PATTERNS["en"])
    found = []
    for kind in KINDS:
        match = patterns[kind].search(text or "")
        if match:
            message, example = _ADVICE[kind]
            found.append(
                Tip(kind=kind, heard=match.group(0).strip(), message=message, example=example)
            )
    return found
