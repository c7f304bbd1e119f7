"""Personal words are ciphertext in the database, plain text in the app, and the key rotates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import run_checks
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from couplesafe.lib import crypto
from couplesafe.lib.fields import EncryptedTextField, encrypted_fields, rotate_field
from tests.rights.conftest import PARTNER_TAG
from tests.rights.markers import OWNERSHIP, find_marker, marker_for, personal_models, row_markers

ROOT = Path(__file__).resolve().parents[2]


def raw_value(row: models.Model, field_name: str) -> str | None:
    qn = connection.ops.quote_name
    column = row._meta.get_field(field_name).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn(column)} FROM {qn(row._meta.db_table)} WHERE {qn(row._meta.pk.column)} = %s",
            [row.pk],
        )
        return cursor.fetchone()[0]


def test_every_model_with_personal_words_is_planted_by_the_rights_tests() -> None:
    labels = {model._meta.label for model in personal_models()}
    assert labels, "No EncryptedTextField anywhere: personal words would be stored in clear."
    unknown = sorted(labels - set(OWNERSHIP))
    assert not unknown, f"Add these models to tests/rights/markers.py OWNERSHIP: {unknown}"


def test_personal_words_are_only_ciphertext_in_every_encrypted_column(planted) -> None:
    checked = 0
    for tag, rows in planted.items():
        for label, row in rows.items():
            model = type(row)
            for name, marker in row_markers(tag, PARTNER_TAG[tag], row).items():
                stored = raw_value(row, name)
                assert stored is not None and stored.startswith(crypto.PREFIX), (label, name)
                assert marker not in stored
                fresh = model._base_manager.get(pk=row.pk)
                assert marker in getattr(fresh, name), (label, name)
                checked += 1
    per_label: dict[str, int] = {}
    for model, _ in encrypted_fields():
        per_label[model._meta.label] = per_label.get(model._meta.label, 0) + 1
    expected = sum(per_label[label] for rows in planted.values() for label in rows)
    assert checked == expected
    assert checked >= len(encrypted_fields())


def test_a_raw_scan_of_the_whole_database_finds_no_planted_words(planted) -> None:
    for model, name in encrypted_fields():
        tag = "theo" if OWNERSHIP[model._meta.label] == "therapist" else "alice"
        places = find_marker(marker_for(tag, model, name))
        assert places == [f"{model._meta.label}.{name} (decrypted)"], places


def test_the_encryption_key_is_not_the_secret_key_and_is_valid() -> None:
    assert settings.SECRET_KEY not in settings.FIELD_ENCRYPTION_KEYS
    assert crypto.key_problems() == []
    with override_settings(FIELD_ENCRYPTION_KEYS=[settings.SECRET_KEY]):
        assert any("SECRET_KEY" in problem for problem in crypto.key_problems())
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
        assert any("not a Fernet key" in problem for problem in crypto.key_problems())
        errors = run_checks(tags=["security"])
        assert [e.id for e in errors if e.id == "couplesafe.E001"] == ["couplesafe.E001"]


def test_production_refuses_to_start_with_the_development_encryption_key() -> None:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "couplesafe.settings",
    }
    env.pop("FIELD_ENCRYPTION_KEYS", None)
    result = subprocess.run(
        [sys.executable, "-c", "import couplesafe.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_key_rotation_makes_every_value_readable_with_the_new_key_alone(planted) -> None:
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    row = planted["alice"].get("rituals.CheckIn")
    model, name = encrypted_fields()[0]

    # Before rotation the new key alone cannot read what the old key wrote.
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[new]),
        pytest.raises(ValueError, match="Cannot decrypt"),
    ):
        list(model._base_manager.values_list(name, flat=True).exclude(**{name: ""}))

    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        with pytest.raises(CommandError, match="still need an older key"):
            call_command("rotate_encryption_keys", "--check")
        call_command("rotate_encryption_keys", "--batch-size", "2")
        call_command("rotate_encryption_keys", "--check")

    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        for tag, rows in planted.items():
            for planted_row in rows.values():
                fresh = type(planted_row)._base_manager.get(pk=planted_row.pk)
                for field_name, marker in row_markers(tag, PARTNER_TAG[tag], planted_row).items():
                    assert marker in getattr(fresh, field_name)
        if row is not None:
            assert raw_value(row, "space_text").startswith(crypto.PREFIX)

    # And after it, the old key alone can no longer read anything.
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[old]),
        pytest.raises(ValueError, match="Cannot decrypt"),
    ):
        list(model._base_manager.values_list(name, flat=True).exclude(**{name: ""}))


@pytest.fixture
def note_model(db):
    """A throwaway model with an encrypted field, in its own app registry and table."""
    with isolate_apps("couplesafe.lib"):

        class Jotting(models.Model):
            text = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "lib"
                db_table = "rights_test_jotting"

        with connection.schema_editor() as editor:
            editor.create_model(Jotting)
        yield Jotting


def test_encrypted_field_keeps_empty_and_null_as_they_are(note_model) -> None:
    empty = note_model.objects.create(text="")
    nothing = note_model.objects.create(text=None)
    words = note_model.objects.create(text="Ich vermisse dich — 💛")
    assert raw_value(empty, "text") == ""
    assert raw_value(nothing, "text") is None
    assert raw_value(words, "text").startswith(crypto.PREFIX)
    assert note_model.objects.get(pk=words.pk).text == "Ich vermisse dich — 💛"
    assert note_model.objects.filter(text="").count() == 1
    assert note_model.objects.filter(text__isnull=True).count() == 1


def test_searching_inside_encrypted_text_is_refused_rather_than_silently_wrong(note_model) -> None:
    with pytest.raises(FieldError):
        note_model.objects.filter(text__icontains="miss")
    with pytest.raises(FieldError):
        note_model.objects.filter(text__startswith="Ich")
    with pytest.raises(FieldError):
        note_model.objects.filter(text="Ich vermisse dich")


def test_rotation_encrypts_text_written_before_encryption_was_switched_on(note_model) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO rights_test_jotting (text) VALUES ('legacy words')")
    row = note_model.objects.get()
    assert row.text == "legacy words"
    assert rotate_field(note_model, "text") == 1
    assert raw_value(row, "text").startswith(crypto.PREFIX)
    assert note_model.objects.get().text == "legacy words"
    # A second run has nothing left to do: it can be repeated after an interruption.
    assert rotate_field(note_model, "text") == 0


def test_rotation_walks_a_table_in_batches(note_model) -> None:
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    note_model.objects.bulk_create([note_model(text=f"note {i}") for i in range(7)])
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        assert rotate_field(note_model, "text", batch_size=3) == 7
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert sorted(note_model.objects.values_list("text", flat=True)) == [
            f"note {i}" for i in range(7)
        ]
