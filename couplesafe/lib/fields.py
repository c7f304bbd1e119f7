"""EncryptedTextField: a TextField whose column holds only ciphertext."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact

from couplesafe.lib import crypto

# Lookups that still mean something on ciphertext. `exact` only works for the empty string
# (kept empty, see get_prep_value); `contains`, `startswith`, ordering by text and the like
# would silently compare against ciphertext, so they are refused with a FieldError instead.
_ALLOWED_LOOKUPS = {"isnull", "exact"}


class _EmptyOnlyExact(Exact):
    """`text=""` works (the empty string is stored as it is); `text="words"` would compare
    with ciphertext that is different every time, so it is refused instead of matching nothing."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                "Encrypted text cannot be compared in SQL; only the empty string can be matched."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Personal words (turns, check-in text, notes). Not searchable or orderable in SQL.

    The empty string is stored as it is: it says nothing about a person, and it lets
    `filter(text="")` / `exclude(text="")` keep working (a removed turn has empty text).
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name not in _ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        # No Lower(), no __length etc. on ciphertext.
        return None


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) that holds encrypted text, for key rotation and the tests
    that prove no plaintext reaches the database."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    ]


def rotate_field(model: type[models.Model], field_name: str, *, batch_size: int = 500) -> int:
    """Re-encrypt one column under the newest key, in short batches (keyset by primary key),
    so a large table is never locked for long and an interrupted run can simply be repeated.
    Works on the raw column: no model code runs and auto_now fields are not touched.
    Returns how many values were rewritten."""
    from django.db import connection, transaction

    field = model._meta.get_field(field_name)
    pk_field = model._meta.pk
    assert pk_field is not None
    qn = connection.ops.quote_name
    table, col, pk = qn(model._meta.db_table), qn(str(field.column)), qn(str(pk_field.column))  # type: ignore[union-attr]
    # Names come from model metadata, never from input.
    first = f"SELECT {pk}, {col} FROM {table} WHERE {col} <> '' ORDER BY {pk} LIMIT %s"  # noqa: S608
    after = (
        f"SELECT {pk}, {col} FROM {table} WHERE {col} <> '' AND {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
    )
    update = f"UPDATE {table} SET {col} = %s WHERE {pk} = %s AND {col} = %s"  # noqa: S608
    rewritten = 0
    last: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if last is None:
                cursor.execute(first, [batch_size])
            else:
                cursor.execute(after, [last, batch_size])
            rows = cursor.fetchall()
            changes = [
                (crypto.rotate(stored), row_pk, stored)
                for row_pk, stored in rows
                if crypto.needs_rotation(stored)
            ]
            if changes:
                # "AND col = old": a row edited meanwhile already holds new-key ciphertext.
                cursor.executemany(update, changes)
            rewritten += len(changes)
        if len(rows) < batch_size:
            return rewritten
        last = rows[-1][0]
