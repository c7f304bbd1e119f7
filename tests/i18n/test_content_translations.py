"""Translations of the content library: a translation may change only words (the loader
refuses anything else, naming the file and field), is frozen with the version it was
published with, and each partner sees a pinned conversation in their own language, with
anything not yet translated shown in English, visibly."""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from couplesafe.accounts.models import User
from couplesafe.content import services
from couplesafe.content.loader import LIBRARY_DIR, load_library, read_library
from couplesafe.content.models import Card, Item, Version
from couplesafe.content.validation import ContentError
from tests.practices.conftest import start

PRACTICE = "practices/intentional-dialogue.yaml"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The shipped English library without any shipped translation (those may not exist yet,
    and these tests must not depend on their wording)."""
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, root, ignore=shutil.ignore_patterns("translations"))
    return root


def english(root: Path, source: str = PRACTICE) -> dict[str, Any]:
    return yaml.safe_load((root / source).read_text())


def tagged(data: dict[str, Any], tag: str, *, skip_steps: int = 0) -> dict[str, Any]:
    """A stand-in translation: every word prefixed with a tag, the last `skip_steps` steps
    left out (not translated yet)."""
    result = copy.deepcopy(data)
    for name in ("title", "summary", "for_whom", "why"):
        result[name] = f"{tag} {result[name]}"
    steps = result["steps"][: len(result["steps"]) - skip_steps]
    for step in steps:
        for name in ("title", "instructions", "waiting"):
            step[name] = f"{tag} {step[name]}"
        step["stems"] = [f"{tag} {stem}" for stem in step.get("stems", [])] or step.get("stems")
        if not step["stems"]:
            del step["stems"]
        if "confirm_labels" in step:
            step["confirm_labels"] = {k: f"{tag} {v}" for k, v in step["confirm_labels"].items()}
        for mode in ("together", "apart"):
            for name, value in (step.get(mode) or {}).items():
                step[mode][name] = f"{tag} {value}"
    result["steps"] = steps
    return result


def write(root: Path, language: str, data: dict[str, Any], source: str = PRACTICE) -> None:
    path = root / "translations" / language / source
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_set(["steps", 0, "actor"], "both"), "actor"),
        (_set(["steps", 0, "key"], "dire-bonjour"), "key"),
        (_set(["steps", -1, "then"], "end"), "then"),
        (_set(["minutes"], 5), "minutes"),
        (_set(["kind"], "repair"), "kind"),
        (_set(["steps", 0, "colour"], "blue"), "colour"),
        (_set(["steps", 1, "waiting"], "Espera a {nombre}."), "waiting"),
        (_set(["steps", 0, "stems"], ["solo uno"]), "stems"),
    ],
)
def test_the_loader_refuses_a_translation_that_changes_more_than_words(
    db, library, change, field
) -> None:
    data = tagged(english(library), "ES")
    if field == "then" and data["steps"][-1].get("then") == "end":
        change = _set(["steps", -1, "then"], "switch_roles")
    change(data)
    write(library, "es", data)
    with pytest.raises(ContentError) as caught:
        read_library(library)
    assert caught.value.source == f"translations/es/{PRACTICE}"
    assert field in caught.value.field
    assert Item.objects.count() == 0  # nothing is loaded


def test_a_translation_of_a_file_that_does_not_exist_is_refused(db, library) -> None:
    write(library, "de", english(library), source="practices/no-such-practice.yaml")
    with pytest.raises(ContentError, match="no English file"):
        read_library(library)


def test_the_library_loads_with_no_translation_at_all(db, library) -> None:
    load_library(library)
    version = Item.objects.get(kind="practice", key="intentional-dialogue").current_version
    assert version.translations == {}
    data = version.localized("es")
    assert data["title"] == english(library)["title"] and data["fallback"] is True


def test_translations_are_published_with_the_version_and_a_new_one_makes_a_new_version(
    db, library
) -> None:
    load_library(library)
    item = Item.objects.get(kind="practice", key="intentional-dialogue")
    first = item.current_version
    write(library, "es", tagged(english(library), "ES"))
    result = load_library(library)
    assert result.published == ["practice intentional-dialogue v2"]
    item.refresh_from_db()
    assert item.current_version.translations["es"]["title"].startswith("ES ")
    assert Version.objects.get(pk=first.pk).translations == {}  # the old one is untouched
    assert load_library(library).published == []


def test_a_translation_may_leave_steps_out_and_they_show_in_english_flagged(db, library) -> None:
    write(library, "de", tagged(english(library), "DE", skip_steps=1))
    load_library(library)
    version = Item.objects.get(kind="practice", key="intentional-dialogue").current_version
    practice = version.practice_in("de")
    assert practice.title.startswith("DE ") and not practice.fallback
    assert practice.steps[0].title.startswith("DE ") and not practice.steps[0].fallback
    last = practice.steps[-1]
    assert last.fallback and not last.title.startswith("DE ")
    # The flow is the same in every language.
    assert [s.key for s in practice.steps] == [s.key for s in version.practice_in("en").steps]


@pytest.fixture
def two_languages(db, library, alice, bob) -> Version:
    """Alice reads Spanish, Bob German; the German translation is missing its last step."""
    User.objects.filter(pk=alice.pk).update(language="es")
    User.objects.filter(pk=bob.pk).update(language="de")
    write(library, "es", tagged(english(library), "ES"))
    write(library, "de", tagged(english(library), "DE", skip_steps=1))
    write(
        library,
        "es",
        {**english(library, "words/feelings.yaml"), "title": "ES Palabras"},
        source="words/feelings.yaml",
    )
    load_library(library)
    return Item.objects.get(kind="practice", key="intentional-dialogue").current_version


def _h1(page: Any) -> str:
    return re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1)


def test_partners_in_two_languages_each_see_the_pinned_conversation_in_their_own(
    two_languages, alice_client, bob_client, tiny_catalog
) -> None:
    conv = start(alice_client, "intentional-dialogue", topic="Das Wochenende / el finde")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    mine = alice_client.get(f"/practices/{conv.public_id}/")
    theirs = bob_client.get(f"/practices/{conv.public_id}/")
    assert 'lang="es"' in mine.content.decode()[:200] and "ES " in _h1(mine)
    assert 'lang="de"' in theirs.content.decode()[:200] and "DE " in _h1(theirs)
    # The words partners type stay as typed, for both.
    assert "Das Wochenende / el finde" in mine.content.decode()
    assert "Das Wochenende / el finde" in theirs.content.decode()
    # A newer publish never changes the conversation's words: it keeps its pinned version.
    write_title = two_languages.translations["es"]["title"]
    item = two_languages.item
    item.draft_translations = {
        **item.draft_translations,
        "es": {**item.draft_translations["es"], "title": "ES otra cosa"},
    }
    item.save()
    services.item_publish(item=item)
    assert write_title in _h1(alice_client.get(f"/practices/{conv.public_id}/"))


def test_a_step_not_yet_translated_shows_in_english_visibly(two_languages, bob, tiny_catalog):
    from django.test import Client

    from tests.conftest import client_for

    client: Client = client_for(bob)
    item = two_languages.item
    page = client.get(f"/content/practices/{item.public_id}/").content.decode()
    last = two_languages.practice_in("en").steps[-1]
    assert re.search(
        rf'<span lang="en">{re.escape(last.title)}</span>', page.replace("&#x27;", "'")
    )
    assert "TEST-DE nicht übersetzt" in page
    # Translated steps carry no English marking.
    first = two_languages.practice_in("de").steps[0]
    assert f"<span>{first.title}</span>" in page.replace("&#x27;", "'")


def test_word_lists_and_cards_come_in_the_viewers_language(db, library, alice, bob) -> None:
    deck = "decks/connect-communicate-create.yaml"
    data = english(library, deck)
    spanish = copy.deepcopy(data)
    spanish["cards"] = [{"key": c["key"], "text": f"ES {c['text']}"} for c in data["cards"][:3]]
    for card in spanish["cards"]:
        source = next(c for c in data["cards"] if c["key"] == card["key"])
        if "follow_up" in source:
            card["follow_up"] = f"ES {source['follow_up']}"
    write(library, "es", spanish, source=deck)
    load_library(library)
    translated = Card.objects.get(key=data["cards"][0]["key"])
    untranslated = Card.objects.get(key=data["cards"][5]["key"])
    assert translated.translations["es"]["text"].startswith("ES ")
    assert untranslated.translations == {}
    from django.utils import translation

    with translation.override("es"):
        assert translated.shown.text.startswith("ES ") and not translated.shown.fallback
        assert untranslated.shown.fallback and untranslated.shown.text == untranslated.text
    with translation.override("en"):
        assert not untranslated.shown.fallback
