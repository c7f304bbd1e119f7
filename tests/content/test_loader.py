"""The loader: idempotent upsert by key, a new version only on change, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from couplesafe.content import selectors
from couplesafe.content.loader import LIBRARY_DIR, load_library
from couplesafe.content.models import Card, Item, Version
from couplesafe.content.validation import ContentError
from tests.content.shipped import shipped_count


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, root)
    return root


def edit(root: Path, name: str, change) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_loading_twice_publishes_nothing_new_the_second_time(db) -> None:
    first = load_library()
    versions = Version.objects.count()
    second = load_library()
    assert len(first.published) == Item.objects.count() == shipped_count()
    assert second.published == []
    assert len(second.unchanged) == shipped_count()
    assert Version.objects.count() == versions


def test_the_command_reports_what_it_did(db, capsys) -> None:
    call_command("load_content")
    call_command("load_content")
    out = capsys.readouterr().out
    assert f"Content loaded: {shipped_count()} published, 0 unchanged." in out
    assert f"Content loaded: 0 published, {shipped_count()} unchanged." in out


def test_a_changed_file_publishes_a_new_version_of_only_that_item(db, library_copy) -> None:
    load_library(library_copy)
    edit(
        library_copy,
        "practices/validation-practice.yaml",
        lambda d: d.update(summary="A new, kinder summary."),
    )
    result = load_library(library_copy)
    assert result.published == ["practice validation-practice v2"]
    assert len(result.unchanged) == shipped_count() - 1


def test_the_selectors_read_the_current_versions(library) -> None:
    version = selectors.practice_version("intentional-dialogue")
    assert version is not None
    assert version.first_step_key == "send"
    assert [g["key"] for g in selectors.word_groups("repair-phrases")][:2] == ["i-feel", "sorry"]
    assert selectors.word_groups("no-such-list") == []
    checkin = selectors.checkin_content()
    assert [m["value"] for m in checkin["mood_scale"]] == [1, 2, 3, 4, 5]
    assert {q["kind"] for q in checkin["questions"]} == {"space", "need"}
    assert selectors.practice_version("no-such-practice") is None


def test_the_deck_is_materialised_as_cards(library) -> None:
    assert Card.objects.active().count() >= 90


def test_a_bad_file_refuses_the_whole_load_and_changes_nothing(db, library_copy) -> None:
    load_library(library_copy)
    before = list(Version.objects.values_list("pk", "checksum"))
    edit(
        library_copy,
        "practices/appreciation-dialogue.yaml",
        lambda d: d.update(summary="This change must not land."),
    )
    edit(
        library_copy,
        "practices/validation-practice.yaml",
        lambda d: d["steps"][0]["stems"].__setitem__(0, "   "),
    )
    with pytest.raises(CommandError) as caught:
        call_command("load_content", path=library_copy, verbosity=0)
    assert str(caught.value) == (
        "Nothing was loaded. practices/validation-practice.yaml: item 'validation-practice', "
        "field 'steps.share.stems[0]': is empty; every sentence stem needs words"
    )
    assert list(Version.objects.values_list("pk", "checksum")) == before
    with pytest.raises(ContentError):
        load_library(library_copy)


def test_a_therapists_own_practice_is_found_only_for_people_who_may_see_it(alice, tara, db) -> None:
    from tests.content.factories import make_practice

    make_practice(owner=tara, key="taras-talk")
    assert selectors.practice_version("taras-talk") is None
    assert selectors.practice_version("taras-talk", user=alice) is None
    assert selectors.practice_version("taras-talk", user=tara).item.owner == tara
    shipped = make_practice()
    make_practice(owner=tara)  # same key as the shipped one
    assert selectors.practice_version("tiny-talk", user=tara).item == shipped


def test_a_failure_halfway_through_the_writes_rolls_back_everything(
    db, library_copy, monkeypatch
) -> None:
    from couplesafe.content import services

    load_library(library_copy)
    before = sorted(Version.objects.values_list("pk", flat=True))
    for name in ("practices/bridge-crossing.yaml", "decks/connect-communicate-create.yaml"):
        edit(library_copy, name, lambda d: d.update(title=d["title"] + " (new)"))

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    # Practices are written before decks: the practice's new version must not survive.
    monkeypatch.setattr(services, "deck_materialise", broken)
    with pytest.raises(RuntimeError):
        load_library(library_copy)
    assert sorted(Version.objects.values_list("pk", flat=True)) == before
    assert Item.objects.get(key="bridge-crossing").title == "Crossing the Bridge"
