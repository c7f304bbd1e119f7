"""Plant marker strings in every model that holds personal words, and look for them anywhere.

`plant(...)` creates one row per model with an EncryptedTextField, owned by the given person,
every encrypted field holding a marker that names the person, model and field. Rows are built
generically (required fields get neutral values, foreign keys are built recursively), so a new
model with personal words is covered the day it appears; `OWNERSHIP` only says whose words a
model holds, and a test fails for a model that is not listed there.

`find_marker(marker)` scans every table of the database with raw SQL (text, varchar and JSON
columns) and also every encrypted column decrypted through the ORM.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils import timezone

from couplesafe.accounts.models import Couple, User
from couplesafe.content.models import Item, Version, checksum
from couplesafe.lib.fields import EncryptedTextField, encrypted_fields

# Whose words each model with encrypted text holds: "partner" rows are planted for a partner
# of a couple, "therapist" rows for a therapist working with that couple. A new model with an
# EncryptedTextField must be added here (test_every_model_with_personal_words_is_planted).
OWNERSHIP: dict[str, str] = {
    "rituals.CheckIn": "partner",
    "rituals.Appreciation": "partner",
    "practices.Conversation": "partner",
    "practices.Turn": "partner",
    "practices.ReflectionNote": "partner",
    "therapists.TherapistNote": "therapist",
    "therapists.Homework": "therapist",
    # Not words anyone wrote, but encrypted all the same (one-time links); it is the
    # recipient's and leaves with their account.
    "outbox.OutgoingMessage": "partner",
    "notifications.CalendarFeed": "partner",
}

# Fields that point at the *other* partner rather than the author.
TO_PARTNER = {("rituals.Appreciation", "recipient")}
# Words in the row that the *other* partner writes (a reply to an appreciation).
WRITTEN_BY_PARTNER = {("rituals.Appreciation", "response")}

_sequence = itertools.count(1)


def marker_for(tag: str, model: type[models.Model], field_name: str) -> str:
    return f"mk-{tag}-{model._meta.label_lower}-{field_name}-zq"


@dataclass
class Planter:
    owner: User
    couple: Couple | None
    tag: str
    partner: User | None = None
    partner_tag: str = "nobody"
    built: dict[str, models.Model] = field(default_factory=dict)

    def row(self, model: type[models.Model]) -> models.Model:
        values: dict[str, Any] = {}
        label = model._meta.label
        for f in model._meta.concrete_fields:
            if f.primary_key or f.auto_created:
                continue
            if isinstance(f, EncryptedTextField):
                by = self.partner_tag if (label, f.name) in WRITTEN_BY_PARTNER else self.tag
                values[f.name] = f"My words, {marker_for(by, model, f.name)}, stay mine."
            elif f.is_relation:
                values[f.name] = self._related(label, f)
            elif f.has_default() or f.null:
                continue
            else:
                values[f.name] = _neutral(f)
        return model._base_manager.create(**values)

    def _related(self, label: str, f: models.Field) -> Any:  # type: ignore[type-arg]
        target = f.related_model
        assert isinstance(target, type)
        if issubclass(target, User):
            if (label, f.name) in TO_PARTNER and self.partner is not None:
                return self.partner
            return self.owner
        if issubclass(target, Couple):
            return self.couple
        if issubclass(target, Version):
            return self._version()
        if f.null:
            # Optional links to other things (an ended-by, a follow-up) stay empty.
            return None
        key = target._meta.label
        if key not in self.built:
            self.built[key] = self.row(target)
        return self.built[key]

    def _version(self) -> Version:
        if "version" not in self.built:
            data = {"key": f"planted-{next(_sequence)}", "title": "Planted", "kind": "dialogue"}
            item = Item.objects.create(
                kind="practice", key=data["key"], title="Planted", draft=data
            )
            version = Version.objects.create(
                item=item, number=1, data=data, checksum=checksum(data)
            )
            item.current_version = version
            item.save(update_fields=["current_version"])
            self.built["version"] = version
        return self.built["version"]  # type: ignore[return-value]


def _neutral(f: models.Field) -> Any:  # type: ignore[type-arg]
    if f.choices:
        return f.choices[0][0]  # type: ignore[index]
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return timezone.localdate()
    if isinstance(f, models.TimeField):
        return dt.time(9, 0)
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.UUIDField):
        import uuid

        return uuid.uuid4()
    if isinstance(f, (models.IntegerField, models.DecimalField, models.FloatField)):
        # Small and positive: fits a 1–5 mood scale as well as a visit counter.
        return 1
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, (models.CharField, models.TextField)):
        return f"n{next(_sequence)}"[: f.max_length or 20]
    raise NotImplementedError(f"markers.py cannot fill {f.model._meta.label}.{f.name}")


def personal_models() -> list[type[models.Model]]:
    seen: dict[str, type[models.Model]] = {}
    for model, _ in encrypted_fields():
        seen.setdefault(model._meta.label, model)
    return list(seen.values())


def plant(
    *,
    owner: User,
    couple: Couple | None,
    tag: str,
    role: str,
    partner: User | None = None,
    partner_tag: str = "nobody",
) -> dict[str, models.Model]:
    """One row per personal-words model whose OWNERSHIP is `role`, owned by `owner`."""
    planter = Planter(owner=owner, couple=couple, tag=tag, partner=partner, partner_tag=partner_tag)
    planted = {}
    for model in personal_models():
        if OWNERSHIP.get(model._meta.label) == role:
            planted[model._meta.label] = planter.built.get(model._meta.label) or planter.row(model)
            planter.built[model._meta.label] = planted[model._meta.label]
    return planted


def own_fields(label: str) -> list[str]:
    """The encrypted fields of a planted row that its owner wrote."""
    return [
        name
        for model, name in encrypted_fields()
        if model._meta.label == label and (label, name) not in WRITTEN_BY_PARTNER
    ]


def row_markers(tag: str, partner_tag: str, row: models.Model) -> dict[str, str]:
    """{field: marker} for every encrypted field of a planted row."""
    label = row._meta.label
    return {
        name: marker_for(
            partner_tag if (label, name) in WRITTEN_BY_PARTNER else tag, type(row), name
        )
        for model, name in encrypted_fields()
        if model._meta.label == label
    }


def planted_markers(rows: dict[str, models.Model], tag: str, partner_tag: str) -> list[str]:
    """Every marker actually stored in one person's planted rows."""
    return [m for row in rows.values() for m in row_markers(tag, partner_tag, row).values()]


def markers(tag: str, role: str = "partner") -> dict[str, str]:
    """{"app.Model.field": marker} for every planted field of that role."""
    return {
        f"{model._meta.label}.{name}": marker_for(tag, model, name)
        for model, name in encrypted_fields()
        if OWNERSHIP.get(model._meta.label) == role
    }


# --- Looking for markers --------------------------------------------------------------------

TEXT_TYPES = {"text", "character varying", "character", "json", "jsonb"}


def _text_columns() -> Iterator[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) "
            "ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        yield from cursor.fetchall()


def find_marker(marker: str) -> list[str]:
    """Every place the marker is stored: "table.column" for raw columns (ciphertext or not),
    "app.Model.field (decrypted)" for encrypted ones. Empty when it is nowhere."""
    found = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f"SELECT count(*) FROM {qn(table)} WHERE {qn(column)}::text ILIKE %s",
                [f"%{marker}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    for model, name in encrypted_fields():
        for value in model._base_manager.values_list(name, flat=True):
            if value and marker.lower() in value.lower():
                found.append(f"{model._meta.label}.{name} (decrypted)")
                break
    # Sessions are signed, base64-encoded JSON: a raw scan would not see words kept there.
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        if marker.lower() in json.dumps(session.get_decoded(), default=str).lower():
            found.append("django_session.session_data (decoded)")
            break
    return found
