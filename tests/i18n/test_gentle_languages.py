"""The gentle start-up coach reads a person's words with the patterns of the language they
write in (their chosen language): Spanish and German have patterns of their own."""

from __future__ import annotations

from typing import Any

import pytest

from couplesafe.accounts.models import User
from practices import gentle
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("es", "Siempre llegas tarde.", "absolute"),
        ("es", "Tú nunca me escuchas.", "absolute"),
        ("es", "Nunca me ayudas con nada", "absolute"),
        ("es", "Eres tan egoísta", "name"),
        ("es", "Qué idiota.", "name"),
        ("es", "Lo que sea. Supéralo.", "contempt"),
        ("es", "🙄 vale", "contempt"),
        ("es", "Sí, claro, muchas gracias, eh", "sarcasm"),
        ("es", "¿En serio?!", "sarcasm"),
        ("es", "¿Por qué no puedes llamar?", "blame"),
        ("es", "Es tu culpa.", "blame"),
        ("de", "Du kommst immer zu spät.", "absolute"),
        ("de", "Du hörst mir nie zu", "absolute"),
        ("de", "Immer musst du recht haben", "absolute"),
        ("de", "Du bist so ein Idiot", "name"),
        ("de", "Ist mir doch egal. Werd erwachsen.", "contempt"),
        ("de", "Na toll, danke auch.", "sarcasm"),
        ("de", "Warum kannst du nicht anrufen?", "blame"),
        ("de", "Das ist deine Schuld.", "blame"),
    ],
)
def test_harsh_words_in_spanish_and_german_get_a_gentle_tip(
    language: str, text: str, kind: str
) -> None:
    assert kind in {tip.kind for tip in gentle.tips(text, language=language)}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Me siento sola los domingos y necesito tiempo contigo."),
        ("es", "Siempre te quiero, y nunca olvido nuestro viaje."),
        ("es", "Nunca antes había visto algo así."),
        ("de", "Ich fühle mich sonntags einsam und brauche Zeit mit dir."),
        ("de", "Ich liebe dich immer, und ich war nie so froh."),
    ],
)
def test_gentle_words_in_spanish_and_german_get_no_tip(language: str, text: str) -> None:
    assert gentle.tips(text, language=language) == []


def test_words_are_read_with_the_writers_languages_patterns_only() -> None:
    assert gentle.tips("Siempre llegas tarde.", language="en") == []
    assert gentle.tips("You always leave the dishes.", language="de") == []
    # A language without patterns of its own is read as English; so is "de-AT" as German.
    assert gentle.tips("You never help.", language="fr")[0].kind == "absolute"
    assert gentle.tips("Du hörst nie zu", language="de-AT")[0].kind == "absolute"


def test_the_gentle_check_reads_in_the_writers_own_language(alice: Any) -> None:
    User.objects.filter(pk=alice.pk).update(language="es")
    client = client_for(alice)
    response = client.post(
        "/practices/gentle/", {"text": "Nunca me escuchas."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Nunca me escuchas" in response.content.decode()
    # Whatever the browser asks for, the writer's chosen language decides.
    english = client.post(
        "/practices/gentle/",
        {"text": "You never help."},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.content.decode().strip() == ""
