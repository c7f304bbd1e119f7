"""A malformed or inconsistent library file is refused whole, with a message naming the file,
the item and the field; nothing of the load is applied."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from couplesafe.content.loader import LIBRARY_DIR, library_files
from couplesafe.content.models import Item, Version

ID = "practices/intentional-dialogue.yaml: item 'intentional-dialogue', field"
DECK = "decks/connect-communicate-create.yaml: item 'connect-communicate-create', field"


def step(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["key"] == key)


CASES: list[tuple[str, str, Callable[[dict[str, Any]], Any], str]] = [
    (
        "unknown actor",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "send").update(actor="speaker"),
        f"{ID} 'steps.send.actor': unknown value 'speaker' "
        "(expected one of: sender, receiver, both, each_private)",
    ),
    (
        "unknown step input kind",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "send").update(input="essay"),
        f"{ID} 'steps.send.input': unknown value 'essay' "
        "(expected one of: text, feelings, confirm, rating, none)",
    ),
    (
        "unknown practice kind",
        "practices/intentional-dialogue.yaml",
        lambda d: d.update(kind="lecture"),
        f"{ID} 'kind': unknown value 'lecture' (expected one of: dialogue, repair, validation, "
        "appreciation, encounter, check-in)",
    ),
    (
        "a loop pointing at a missing step",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "more")["branches"].update({"yes": "send-again"}),
        f"{ID} 'steps.more.branches.yes': points at a missing step 'send-again'",
    ),
    (
        "next pointing at a missing step",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "correct").update(next="mirrror"),
        f"{ID} 'steps.correct.next': points at a missing step 'mirrror'",
    ),
    (
        "a step looping onto itself",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").update(next="summary"),
        f"{ID} 'steps.summary.next': points at its own step, which would never end",
    ),
    (
        "a duplicate step key",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").update(key="mirror"),
        f"{ID} 'steps[5].key': duplicate key 'mirror'",
    ),
    (
        "an empty stem",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "validate")["stems"].append(""),
        f"{ID} 'steps.validate.stems[3]': is empty; every sentence stem needs words",
    ),
    (
        "a step that asks for words without stems",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").pop("stems"),
        f"{ID} 'steps.summary.stems': is missing; a step that asks for words offers stems",
    ),
    (
        "a misspelt field",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").update(stem="So…"),
        f"{ID} 'steps[5].stem': unknown field (expected one of: actor, apart, branches, coach, "
        "confirm_labels, input, instructions, key, next, private_until_both, reminder, stems, "
        "then, title, together, waiting)",
    ),
    (
        "a branch on a step that is not a question",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").update(branches={"yes": "send"}),
        f"{ID} 'steps.summary.branches': only a step with input 'confirm' can branch",
    ),
    (
        "an unknown placeholder in the waiting line",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "summary").update(waiting="{partner} is summing up."),
        f"{ID} 'steps.summary.waiting': unknown placeholder {{partner}} (only {{name}} is filled in)",
    ),
    (
        "a step nobody can reach",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "check")["branches"].update({"no": "more"}),
        f"{ID} 'steps.correct': can never be reached from the first step",
    ),
    (
        "a last step that does not say how the round ends",
        "practices/intentional-dialogue.yaml",
        lambda d: step(d, "thanks").pop("then"),
        f"{ID} 'steps.thanks.then': is missing; the last step says how the round ends "
        "(switch_roles or end)",
    ),
    (
        "minutes that are not a number",
        "practices/intentional-dialogue.yaml",
        lambda d: d.update(minutes="twenty"),
        f"{ID} 'minutes': must be a whole number of minutes between 1 and 240",
    ),
    (
        "a card in an unknown category",
        "decks/connect-communicate-create.yaml",
        lambda d: d["cards"][4].update(category="cuddle"),
        f"{DECK} 'cards.connect-005.category': unknown category 'cuddle' "
        "(this deck has: connect, communicate, create)",
    ),
    (
        "a card of unknown depth",
        "decks/connect-communicate-create.yaml",
        lambda d: d["cards"][4].update(depth="deep"),
        f"{DECK} 'cards.connect-005.depth': unknown value 'deep' "
        "(expected one of: light, deeper, tender)",
    ),
    (
        "a duplicate card key",
        "decks/connect-communicate-create.yaml",
        lambda d: d["cards"][5].update(key="connect-001"),
        f"{DECK} 'cards[5].key': duplicate key 'connect-001'",
    ),
    (
        "an empty card",
        "decks/connect-communicate-create.yaml",
        lambda d: d["cards"][2].update(text=" "),
        f"{DECK} 'cards.connect-003.text': must be non-empty text",
    ),
    (
        "an empty word in a word list",
        "words/feelings.yaml",
        lambda d: d["groups"][1]["words"].append(""),
        "words/feelings.yaml: item 'feelings', field 'groups.calm.words[10]': is empty",
    ),
    (
        "a check-in question of unknown kind",
        "checkin.yaml",
        lambda d: d["questions"][0].update(kind="mood"),
        "checkin.yaml: item 'checkin', field 'questions.space-01.kind': unknown value 'mood' "
        "(expected one of: space, need)",
    ),
]


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, root)
    return root


def rewrite(path: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def refused(root: Path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("load_content", path=root, verbosity=0)
    message = str(caught.value)
    assert message.startswith("Nothing was loaded. ")
    return message.removeprefix("Nothing was loaded. ")


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [(case[1], case[2], case[3]) for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_kind_of_bad_file_is_refused_with_a_message_naming_file_item_and_field(
    db, library_copy, name, change, expected
) -> None:
    rewrite(library_copy / name, change)
    assert refused(library_copy) == expected


def test_a_refused_load_leaves_every_item_as_it_was(db, library_copy) -> None:
    call_command("load_content", path=library_copy, verbosity=0)
    before = sorted(Version.objects.values_list("item__key", "number", "checksum"))
    # One good change and one bad file in the same load: neither lands.
    rewrite(
        library_copy / "practices/bridge-crossing.yaml",
        lambda d: d.update(summary="A new summary."),
    )
    rewrite(library_copy / "words/needs.yaml", lambda d: d["groups"][0].update(key="Rest!"))
    assert refused(library_copy) == (
        "words/needs.yaml: item 'needs', field 'groups[0].key': "
        "must be a lowercase key of letters, digits and hyphens"
    )
    assert sorted(Version.objects.values_list("item__key", "number", "checksum")) == before
    assert Item.objects.get(key="bridge-crossing").draft["summary"] != "A new summary."


def test_a_first_load_that_is_refused_creates_nothing(db, library_copy) -> None:
    rewrite(library_copy / "checkin.yaml", lambda d: d["mood_scale"].pop())
    assert refused(library_copy) == (
        "checkin.yaml: item 'checkin', field 'mood_scale': must list each mood from 1 to 5 "
        "exactly once"
    )
    assert not Item.objects.exists()


def test_a_question_whose_no_leads_nowhere_is_refused(db, library_copy) -> None:
    """A "no" must never be carried past by accident: each answer says where it leads."""
    rewrite(
        library_copy / "practices/intentional-dialogue.yaml",
        lambda d: step(d, "more")["branches"].pop("no"),
    )
    assert refused(library_copy) == (
        f"{ID} 'steps.more.branches': does not say where the answer \"no\" leads; add a "
        "branch for it or a next step"
    )


def test_unquoted_yes_and_no_are_refused_with_a_hint(db, library_copy) -> None:
    path = library_copy / "practices/validation-practice.yaml"
    path.write_text(path.read_text().replace('"yes":', "yes:").replace('"no":', "no:"))
    assert refused(library_copy) == (
        "practices/validation-practice.yaml: item 'validation-practice', field "
        '\'steps.check.confirm_labels\': needs exactly the answers "yes" and "no" '
        "(quote them in YAML)"
    )


def test_two_files_with_the_same_key_are_refused(db, library_copy) -> None:
    shutil.copy(
        library_copy / "practices/validation-practice.yaml",
        library_copy / "practices/zz-copy.yaml",
    )
    assert refused(library_copy) == (
        "practices/zz-copy.yaml: item 'validation-practice', field 'key': duplicate key, "
        "also used by practices/validation-practice.yaml"
    )


def test_a_file_that_is_not_yaml_is_refused(db, library_copy) -> None:
    (library_copy / "words/needs.yaml").write_text("key: needs\ngroups: [unclosed\n")
    assert refused(library_copy) == (
        "words/needs.yaml: item '?', field '(file)': is not valid YAML (line 3)"
    )


def test_the_check_option_reads_everything_and_writes_nothing(db, capsys) -> None:
    call_command("load_content", check=True)
    files = len(library_files(LIBRARY_DIR))
    assert f"The library is fine: {files} items." in capsys.readouterr().out
    assert not Item.objects.exists()
